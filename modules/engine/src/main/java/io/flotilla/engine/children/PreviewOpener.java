package io.flotilla.engine.children;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.PreviewPort;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointCommand.EffectFailed;
import io.flotilla.engine.endpoint.EndpointCommand.PreviewReady;
import io.flotilla.engine.endpoint.EndpointCommand.PreviewShut;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/** Opens the preview endpoint of a new environment and reports its URL; closes it when the preview ends. */
public final class PreviewOpener {
  private static final int ATTEMPTS = 5;

  private PreviewOpener() {}

  /**
   * Makes sure the endpoint exists first: on a service's first release the preview opens before any traffic call
   * has created the endpoint.
   */
  public static Behavior<Void> open(
      EndpointRef endpoint, String releaseId, String environmentId, TrafficPort traffic, PreviewPort previews,
      ActorRef<EndpointCommand> parent, EngineSettings settings, String key) {
    return CloudCall.behavior(
        () -> traffic.ensureEndpoint(endpoint, CallPriority.CREATE)
            .thenCompose(ready -> previews.openPreview(endpoint, environmentId)),
        url -> (EndpointCommand) new PreviewReady(releaseId, url),
        reason -> new EffectFailed(key, "opening the preview failed: " + reason),
        parent,
        ATTEMPTS,
        settings);
  }

  /** Closing a preview that is already gone succeeds. */
  public static Behavior<Void> close(
      EndpointRef endpoint, PreviewPort previews, ActorRef<EndpointCommand> parent, EngineSettings settings,
      String key) {
    return CloudCall.behavior(
        () -> previews.closePreview(endpoint),
        ignored -> (EndpointCommand) PreviewShut.INSTANCE,
        reason -> new EffectFailed(key, "closing the preview failed: " + reason),
        parent,
        ATTEMPTS,
        settings);
  }
}
