package io.flotilla.engine.children;

import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.Placement;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointCommand.EnvironmentRemoved;
import io.flotilla.engine.endpoint.EndpointCommand.RemovalFailed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/** Deletes one retired environment (deleting a missing one succeeds) and reports when it is gone. */
public final class StackCollector {
  private static final int ATTEMPTS = 5;

  private StackCollector() {}

  public static Behavior<Void> create(
      Placement placement, String environmentId, EnvironmentPort environments, ActorRef<EndpointCommand> parent,
      EngineSettings settings) {
    return CloudCall.behavior(
        () -> environments.delete(placement, environmentId),
        ignored -> (EndpointCommand) new EnvironmentRemoved(environmentId),
        reason -> new RemovalFailed(environmentId, reason),
        parent,
        ATTEMPTS,
        settings);
  }
}
