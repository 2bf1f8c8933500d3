package io.flotilla.engine.endpoint;

import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.CborSerializable;
import io.flotilla.judge.Judgement;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** Everything an endpoint entity accepts: user commands (with a reply) and reports from its children and timers. */
public sealed interface EndpointCommand extends CborSerializable {

  /*
   * The user commands carry {@code by}: the principal who asked, recorded in the events they cause.
   */

  /** Create or change the spec; a change makes a new revision. */
  record PutSpec(ServiceSpec spec, String by, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /** Remove the service: its environments and endpoint are deleted. */
  record DeleteService(String by, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /**
   * Serve {@code version} with the current spec revision. {@code requestId} (optional) names the request: a request
   * id the endpoint has already seen is answered with the release it made then, and makes no other. Bulk releases
   * send {@code <bulk id>/<item>}, so asking again after a crash never starts a second release.
   */
  record RequestRelease(String version, String requestId, String by, ActorRef<Reply> replyTo)
      implements EndpointCommand {}

  /** Where one release of this endpoint stands, by id (a {@link Reply.ReleaseProgress}); small enough to poll. */
  record GetRelease(String releaseId, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /**
   * Move all traffic back to the previous environment. {@code requestId} (optional) names the request: a retry with
   * an id the endpoint has seen is answered with the release that request acted on, and rolls nothing back again.
   */
  record Rollback(String reason, String requestId, String by, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /** Stop advancing the active release. */
  record Pause(String by, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /** Continue the paused release. */
  record Resume(String by, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /** Skip the remaining steps: 100% to the new version now. */
  record Promote(String by, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /** Stop the active release; traffic goes back to the baseline. */
  record Abort(String reason, String by, ActorRef<Reply> replyTo) implements EndpointCommand {}

  /** Desired vs live state, releases and environments. */
  record GetStatus(ActorRef<Reply> replyTo) implements EndpointCommand {}

  /** From the provisioner: the environment passed health checks. */
  record EnvironmentHealthy(String environmentId, int healthyInstances) implements EndpointCommand {}

  /** From the provisioner: the environment could not be created or never became healthy. */
  record EnvironmentUnavailable(String environmentId, String reason) implements EndpointCommand {}

  /** From the traffic shifter: these weights were set and read back. */
  record TrafficApplied(TrafficSplit split, String endpointUrl) implements EndpointCommand {}


  /** From the collector: the environment is gone. */
  record EnvironmentRemoved(String environmentId) implements EndpointCommand {}

  /** From the collector: the endpoint of a service being deleted is gone. */
  enum EndpointDeleted implements EndpointCommand { INSTANCE }

  /** From any child: its effect failed after its own retries; the entity tries again after a backoff. */
  record EffectFailed(String key, String reason) implements EndpointCommand {}

  /** The backoff of a failed effect is over. */
  record RetryDue(String key) implements EndpointCommand {}

  /** From the preview child: the preview endpoint is open. */
  record PreviewReady(String releaseId, String url) implements EndpointCommand {}

  /** From the preview child: the preview endpoint is closed. */
  enum PreviewShut implements EndpointCommand { INSTANCE }

  /** From the version comparator: one interval's judgement, and the alarms in ALARM. */
  record AnalysisReport(String releaseId, Judgement judgement, List<String> alarmsFiring, String alarmsError,
      Instant from, Instant to) implements EndpointCommand {}

  /** Live state of the endpoint's account and region, from the inventory scanner. */
  record LiveObserved(Inventory inventory) implements EndpointCommand {}

  /** A child finished (after reporting, or because it failed); its effect may need starting again. */
  record ChildStopped(String key) implements EndpointCommand {}

  /** Time passed: end holds, retire idle environments, move the queue. */
  enum Tick implements EndpointCommand { INSTANCE }

  /** Time to compare live with desired state. */
  enum Reconcile implements EndpointCommand { INSTANCE }
}
