package io.flotilla.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything Flotilla-tagged in one account and region, read in one batched scan. */
public record Inventory(
    Placement placement, Instant scannedAt, List<EnvironmentInfo> environments, Map<String, TrafficSplit> endpoints) {
  public Inventory {
    environments = List.copyOf(environments);
    endpoints = Map.copyOf(endpoints);
  }

  public List<EnvironmentInfo> environmentsOf(String service) {
    return environments.stream().filter(env -> service.equals(env.service())).toList();
  }
}
