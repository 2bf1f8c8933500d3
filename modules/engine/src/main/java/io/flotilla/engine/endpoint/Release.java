package io.flotilla.engine.endpoint;

import io.flotilla.engine.CborSerializable;
import io.flotilla.model.ReleasePhase;
import io.flotilla.model.RolloutStep;
import java.time.Instant;
import java.util.List;

/**
 * A release in flight or finished. {@code environmentId} is the new environment, {@code baselineId} the one that
 * served before (null on a first release). {@code steps} are frozen from the spec revision when the release starts.
 * {@code kind} tells a normal release from a rollback to an environment still hot after an earlier promotion;
 * {@code aborting} marks a rollback that is the traffic part of an abort; {@code promoting} a release a user
 * promoted, which skips the remaining holds. {@code analysis} is the comparison with the baseline, from the
 * canary's first traffic on.
 */
public record Release(
    String id,
    Kind kind,
    String version,
    int revision,
    String environmentId,
    String baselineId,
    ReleasePhase phase,
    int step,
    List<RolloutStep> steps,
    boolean preview,
    Instant holdUntil,
    boolean paused,
    boolean aborting,
    boolean promoting,
    Instant requestedAt,
    Instant updatedAt,
    String reason,
    Analysis analysis) implements CborSerializable {

  /** Normal release, or a rollback to an environment still hot after an earlier promotion. */
  public enum Kind { RELEASE, ROLLBACK }

  public Release {
    steps = List.copyOf(steps);
  }

  /** A release just requested: not placed, step 0, nothing held or flagged. */
  static Release requested(String id, Kind kind, String version, int revision, String environmentId,
      String baselineId, List<RolloutStep> steps, boolean preview, Instant at, String reason) {
    return new Release(id, kind, version, revision, environmentId, baselineId, ReleasePhase.REQUESTED, 0, steps,
        preview, null, false, false, false, at, at, reason, null);
  }

  Release phase(ReleasePhase newPhase, Instant at, String why) {
    return new Release(id, kind, version, revision, environmentId, baselineId, newPhase, step, steps, preview,
        holdUntil, paused, aborting, promoting, requestedAt, at, why == null ? reason : why, analysis);
  }

  Release environment(String newEnvironmentId) {
    return new Release(id, kind, version, revision, newEnvironmentId, baselineId, phase, step, steps, preview,
        holdUntil, paused, aborting, promoting, requestedAt, updatedAt, reason, analysis);
  }

  Release shifting(int newStep, Instant at) {
    return new Release(id, kind, version, revision, environmentId, baselineId, ReleasePhase.SHIFTING, newStep, steps,
        preview, null, paused, aborting, promoting, requestedAt, at, reason, analysis);
  }

  Release holding(Instant until, Instant at) {
    return new Release(id, kind, version, revision, environmentId, baselineId, ReleasePhase.HOLDING, step, steps,
        preview, until, paused, aborting, promoting, requestedAt, at, reason, analysis);
  }

  Release previewing(Instant until, Instant at) {
    return new Release(id, kind, version, revision, environmentId, baselineId, ReleasePhase.PREVIEWING, step, steps,
        preview, until, paused, aborting, promoting, requestedAt, at, reason, analysis);
  }

  Release paused(boolean value, Instant at) {
    return new Release(id, kind, version, revision, environmentId, baselineId, phase, step, steps, preview, holdUntil,
        value, aborting, promoting, requestedAt, at, reason, analysis);
  }

  Release promoting(Instant at) {
    return new Release(id, kind, version, revision, environmentId, baselineId, ReleasePhase.SHIFTING,
        steps.size() - 1, steps, preview, null, false, aborting, true, requestedAt, at, reason, analysis);
  }

  Release rollingBack(boolean abort, String why, Instant at) {
    return new Release(id, kind, version, revision, environmentId, baselineId, ReleasePhase.ROLLING_BACK, step, steps,
        preview, null, false, abort, promoting, requestedAt, at, why, analysis);
  }

  Release analysis(Analysis value) {
    return new Release(id, kind, version, revision, environmentId, baselineId, phase, step, steps, preview, holdUntil,
        paused, aborting, promoting, requestedAt, updatedAt, reason, value);
  }

  Release reason(String value) {
    return new Release(id, kind, version, revision, environmentId, baselineId, phase, step, steps, preview, holdUntil,
        paused, aborting, promoting, requestedAt, updatedAt, value, analysis);
  }

  boolean lastStep() {
    return step >= steps.size() - 1;
  }

  /** The weight the new environment has at the current step: 100 when there is no baseline to share with. */
  int canaryWeight() {
    return baselineId == null ? 100 : steps.get(step).weight();
  }
}
