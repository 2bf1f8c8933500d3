package io.flotilla.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;

/** How baseline and canary are compared while both serve traffic. */
public record AnalysisPolicy(
    @JsonSerialize(using = DurationText.Serializer.class)
    @JsonDeserialize(using = DurationText.Deserializer.class)
    Duration interval,
    @JsonSerialize(using = DurationText.Serializer.class)
    @JsonDeserialize(using = DurationText.Deserializer.class)
    Duration warmup,
    int minRequests,
    List<MetricCheck> metrics,
    List<String> alarms,
    OnInconclusive onInconclusive) {
  public AnalysisPolicy {
    metrics = List.copyOf(metrics);
    alarms = List.copyOf(alarms);
  }
}
