package io.flotilla.engine.endpoint;

import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.CborSerializable;
import io.flotilla.judge.Judgement;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;
import java.util.List;

/**
 * Everything that happens to an endpoint, in past tense. The journal of these events is the state, the audit trail
 * and the live event feed at once.
 */
public sealed interface EndpointEvent extends CborSerializable {
  String service();

  Instant at();

  /** Who caused the events Flotilla makes by itself (steps, health, verdicts, automatic rollbacks, collection). */
  String ENGINE = "flotilla";

  /**
   * The principal who caused this event: the authenticated caller for events a request made (spec changes, release
   * requests, rollbacks, pauses, ...), {@link #ENGINE} for what the engine does by itself. Events journaled before
   * principals were recorded answer null.
   */
  default String by() {
    return ENGINE;
  }

  /** The event's name in the API and feed, e.g. {@code ReleaseRequested}. */
  default String type() {
    return getClass().getSimpleName();
  }

  /** A new immutable spec revision. */
  record SpecChanged(String service, int revision, ServiceSpec spec, Instant at, String by) implements EndpointEvent {}

  /**
   * A release request became the active release (directly, or when the queue moved up). {@code requestId} is the
   * id the request carried (e.g. a bulk release item), null when it had none or when the queue moved up.
   */
  record ReleaseRequested(String service, Release release, boolean fromQueue, Instant at, String requestId, String by)
      implements EndpointEvent {}

  /** A release was queued behind the active one; {@code requestId} as for {@link ReleaseRequested}. */
  record ReleaseQueued(String service, QueuedRelease queued, Instant at, String requestId, String by)
      implements EndpointEvent {}

  /**
   * A user request with a request id (a rollback asked with an {@code Idempotency-Key}) acted on {@code releaseId}:
   * a retry with the same id is answered with that release and does nothing again. Release requests keep their id
   * in {@link ReleaseRequested} and {@link ReleaseQueued} instead.
   */
  record RequestRecorded(String service, String requestId, String releaseId, Instant at) implements EndpointEvent {}

  /** A newer request replaced the queued release, which will never run. */
  record QueuedReleaseReplaced(
      String service, String replacedId, String replacedVersion, String byId, String byVersion, Instant at,
      String by)
      implements EndpointEvent {}

  /** Creation of the release's environment was decided; the provisioner creates it and waits for health. */
  record EnvironmentRequested(String service, String releaseId, Environment environment, Instant at)
      implements EndpointEvent {}

  /** The environment passed its health checks. */
  record EnvironmentReady(String service, String environmentId, int healthyInstances, Instant at)
      implements EndpointEvent {}

  /** The environment never became healthy (or could not be created); it is deleted. */
  record EnvironmentFailed(String service, String environmentId, String reason, Instant at) implements EndpointEvent {}

  /** The release failed; traffic was left as it was. */
  record ReleaseFailed(String service, String releaseId, String version, String reason, Instant at)
      implements EndpointEvent {}

  /** The new environment is healthy and gets a preview endpoint, without production traffic, until {@code until}. */
  record PreviewStarted(String service, String releaseId, Instant until, Instant at) implements EndpointEvent {}

  /** The preview endpoint is open at {@code url}. */
  record PreviewOpened(String service, String releaseId, String url, Instant at) implements EndpointEvent {}

  /** The preview endpoint was closed: the preview ended (traffic steps began, or the release ended). */
  record PreviewClosed(String service, Instant at) implements EndpointEvent {}

  /** A release already serving the requested environment reuses it instead of creating another. */
  record EnvironmentReused(String service, String releaseId, String environmentId, Instant at)
      implements EndpointEvent {}

  /** The queued release was dropped when its turn came, e.g. because its version already serves. */
  record QueuedReleaseSkipped(String service, String releaseId, String version, String reason, Instant at)
      implements EndpointEvent {}

  /** A traffic step began: these weights are now desired. */
  record TrafficShiftRequested(String service, String releaseId, int step, TrafficSplit split, Instant at)
      implements EndpointEvent {}

  /** The endpoint's weights were set and read back; {@code endpointUrl} is where clients reach it. */
  record TrafficShifted(String service, TrafficSplit split, String endpointUrl, Instant at) implements EndpointEvent {}

  /** The current step's weight is applied; the release holds until {@code until}. */
  record StepHeld(String service, String releaseId, int step, int weight, Instant until, Instant at)
      implements EndpointEvent {}

  /**
   * One comparison interval of the canary against the baseline: the verdict with every metric's numbers
   * (baseline vs canary value, test statistic, interval, threshold, sample sizes), the window it covers, and the
   * alarms that were in ALARM.
   */
  record AnalysisRecorded(String service, String releaseId, int step, Judgement judgement, List<String> alarmsFiring,
      String alarmsError, Instant from, Instant to, Instant at) implements EndpointEvent {}

  /** The new version serves 100%; the baseline stays hot for the retention time. */
  record ReleasePromoted(String service, String releaseId, String version, String environmentId, String previousId,
      Instant at) implements EndpointEvent {}

  /** Rollback decided: all traffic goes back to {@code targetId} in one traffic call. */
  record RollbackRequested(String service, String releaseId, String targetId, String reason, boolean automatic,
      boolean abort, Instant at, String by) implements EndpointEvent {}

  /** All traffic is back on the previous environment. */
  record ReleaseRolledBack(String service, String releaseId, String version, String environmentId, Instant at,
      String by) implements EndpointEvent {}

  /** The release was aborted by a user; traffic is back on the baseline if it had moved. */
  record ReleaseAborted(String service, String releaseId, String version, String reason, Instant at, String by)
      implements EndpointEvent {}

  /** The active release stopped advancing (holds do not end) until resumed. */
  record ReleasePaused(String service, String releaseId, Instant at, String by) implements EndpointEvent {}

  /** The active release advances again. */
  record ReleaseResumed(String service, String releaseId, Instant at, String by) implements EndpointEvent {}

  /** A user asked to skip the remaining steps and send 100% to the new version now. */
  record PromotionRequested(String service, String releaseId, Instant at, String by) implements EndpointEvent {}

  /** An environment is no longer needed (retention, version limit, failure, orphan); the collector deletes it. */
  record EnvironmentRetired(String service, String environmentId, String reason, Instant at) implements EndpointEvent {}

  /** The environment is gone from the cloud. */
  record EnvironmentDeleted(String service, String environmentId, Instant at) implements EndpointEvent {}

  /** Live state differed from desired state; what follows repairs it. */
  record DriftDetected(String service, DriftKind kind, String environmentId, String version, String detail,
      Instant at) implements EndpointEvent {}

  /** Deletion of the service was requested: its environments and endpoint are being removed. */
  record ServiceDeletionRequested(String service, Instant at, String by) implements EndpointEvent {}

  /** The endpoint (load-balancer listener or local proxy) of a service being deleted is gone. */
  record EndpointRemoved(String service, Instant at) implements EndpointEvent {}

  /** The service and everything it ran are gone; its history stays in the journal. */
  record ServiceDeleted(String service, Instant at) implements EndpointEvent {}

  /** The kinds of drift reconciliation repairs. */
  enum DriftKind { ENVIRONMENT_MISSING, WEIGHTS_CHANGED, UNKNOWN_ENVIRONMENT }
}
