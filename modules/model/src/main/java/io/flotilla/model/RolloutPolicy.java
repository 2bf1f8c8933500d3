package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;

/**
 * How traffic moves to a new version. {@code steps} is always the resolved list (a preset expands into it);
 * {@code preset} remembers the preset's name when one was used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutPolicy(
    String preset,
    List<RolloutStep> steps,
    boolean preview,
    @JsonSerialize(using = DurationText.Serializer.class)
    @JsonDeserialize(using = DurationText.Deserializer.class)
    Duration previewHold,
    @JsonSerialize(using = DurationText.Serializer.class)
    @JsonDeserialize(using = DurationText.Deserializer.class)
    Duration environmentTimeout) {
  public RolloutPolicy {
    steps = List.copyOf(steps);
  }
}
