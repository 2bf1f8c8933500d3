package io.flotilla.cloud;

import java.util.Map;

/** What the cloud says about one environment. */
public record EnvironmentInfo(
    String environmentId,
    Placement placement,
    EnvironmentStatus status,
    int instances,
    int healthyInstances,
    Map<String, String> tags) {
  public EnvironmentInfo {
    tags = Map.copyOf(tags);
  }

  public String service() {
    return tags.get(Tags.SERVICE);
  }

  public String version() {
    return tags.get(Tags.VERSION);
  }
}
