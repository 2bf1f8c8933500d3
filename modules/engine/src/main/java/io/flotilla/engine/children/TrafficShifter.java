package io.flotilla.engine.children;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointCommand.TrafficApplied;
import io.flotilla.engine.endpoint.EndpointCommand.EffectFailed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Sets all of an endpoint's weights in one traffic call (at rollback priority when traffic goes back to the old version), reads them back and verifies they applied, then reports
 * {@link TrafficApplied} (or {@link EffectFailed} under {@code key} after its attempts).
 */
public final class TrafficShifter {
  private TrafficShifter() {}

  public static Behavior<Void> create(
      EndpointRef endpoint, TrafficSplit split, CallPriority priority, TrafficPort traffic, ActorRef<EndpointCommand> parent,
      EngineSettings settings, String key) {
    return CloudCall.behavior(
        () -> traffic.ensureEndpoint(endpoint, priority).thenCompose(info -> traffic.setWeights(endpoint, split, priority)
            .thenApply(readBack -> {
              if (!readBack.sameAs(split)) {
                throw new CloudException("weights read back as " + readBack.nonZero() + " after setting "
                    + split.nonZero(), true);
              }
              return info.url();
            })),
        url -> (EndpointCommand) new TrafficApplied(split, url),
        reason -> new EffectFailed(key, "weights " + split.nonZero() + " not applied: " + reason),
        parent,
        settings.trafficAttempts(),
        settings);
  }
}
