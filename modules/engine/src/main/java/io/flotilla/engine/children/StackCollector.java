package io.flotilla.engine.children;

import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointCommand.EffectFailed;
import io.flotilla.engine.endpoint.EndpointCommand.EndpointDeleted;
import io.flotilla.engine.endpoint.EndpointCommand.EnvironmentRemoved;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Deletes what is no longer wanted: a retired environment, or the endpoint of a deleted service. Deleting what is
 * already gone succeeds; a failure is reported as {@link EffectFailed} under {@code key}.
 */
public final class StackCollector {
  private static final int ATTEMPTS = 5;

  private StackCollector() {}

  public static Behavior<Void> environment(
      Placement placement, String environmentId, EnvironmentPort environments, ActorRef<EndpointCommand> parent,
      EngineSettings settings, String key) {
    return CloudCall.behavior(
        () -> environments.delete(placement, environmentId),
        ignored -> (EndpointCommand) new EnvironmentRemoved(environmentId),
        reason -> new EffectFailed(key, "deleting " + environmentId + " failed: " + reason),
        parent,
        ATTEMPTS,
        settings);
  }

  public static Behavior<Void> endpoint(
      EndpointRef endpoint, TrafficPort traffic, ActorRef<EndpointCommand> parent, EngineSettings settings,
      String key) {
    return CloudCall.behavior(
        () -> traffic.deleteEndpoint(endpoint),
        ignored -> (EndpointCommand) EndpointDeleted.INSTANCE,
        reason -> new EffectFailed(key, "deleting the endpoint failed: " + reason),
        parent,
        ATTEMPTS,
        settings);
  }
}
