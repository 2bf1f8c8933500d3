package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;

/** One traffic step: the new version's weight in percent, held for {@code hold} (zero: no hold). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutStep(
    int weight,
    @JsonSerialize(using = DurationText.Serializer.class)
    @JsonDeserialize(using = DurationText.Deserializer.class)
    Duration hold) {
  public RolloutStep {
    if (hold == null) {
      hold = Duration.ZERO;
    }
  }
}
