package io.flotilla.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Per-environment request metrics of an endpoint over a time window. */
public interface MetricsPort {
  CompletionStage<Map<String, EnvironmentMetrics>> read(
      EndpointRef endpoint, Set<String> environmentIds, Instant from, Instant to);
}
