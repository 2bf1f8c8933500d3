package io.flotilla.cloud;

import io.flotilla.model.RuntimeSpec;
import java.util.Map;

/**
 * Everything needed to create one immutable environment. {@code environmentId} is deterministic, so a repeated
 * create for the same id finds the existing environment instead of making a second one.
 */
public record EnvironmentRequest(
    String environmentId,
    Placement placement,
    String service,
    String version,
    int revision,
    String image,
    RuntimeSpec runtime,
    Map<String, String> tags) {
  public EnvironmentRequest {
    tags = Map.copyOf(tags);
  }
}
