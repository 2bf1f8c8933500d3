package io.flotilla.engine.endpoint;

import io.flotilla.model.ServiceSpec;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint's desired and live state as the API shows it. {@code live} is the last inventory observation (null
 * before the first scan); {@code inSync} says whether the applied weights equal the desired ones.
 */
public record StatusView(
    String service,
    String account,
    String region,
    int revision,
    ServiceSpec spec,
    String endpointUrl,
    String previewUrl,
    List<Weight> desired,
    List<Weight> applied,
    Live live,
    boolean inSync,
    List<Environment> environments,
    Release activeRelease,
    QueuedRelease queuedRelease,
    List<Release> history,
    boolean deleting) implements Reply {

  /** One environment's share of the endpoint's traffic. */
  public record Weight(String environment, String version, int weight) {}

  /** What the last inventory scan saw. */
  public record Live(Instant scannedAt, boolean endpointPresent, List<Weight> weights, List<LiveEnvironment> environments) {}

  /** One environment as the cloud reports it. */
  public record LiveEnvironment(String id, String version, String status, int instances, int healthyInstances) {}
}
