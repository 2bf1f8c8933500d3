package io.flotilla.engine.endpoint;

import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.endpoint.EndpointEvent.*;
import io.flotilla.model.AnalysisPolicy;
import io.flotilla.model.ReleasePhase;
import io.flotilla.model.RolloutStep;
import io.flotilla.model.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What follows from a state on its own, as pure functions: the next step of a release once its effect is confirmed,
 * the end of a hold, retention, the queue moving up. {@link #settle} is applied after every command, so the
 * entity's state is always advanced as far as it can be without waiting for the cloud.
 */
final class EndpointDecisions {
  private static final int MAX_SETTLE_ROUNDS = 50;

  private EndpointDecisions() {}

  /** The events that follow from {@code state} at {@code now}, applied one after another until none follow. */
  static List<EndpointEvent> settle(EndpointState state, Instant now) {
    List<EndpointEvent> out = new ArrayList<>();
    EndpointState current = state;
    for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      List<EndpointEvent> next = nextEvents(current, now);
      if (next.isEmpty()) {
        return out;
      }
      for (EndpointEvent event : next) {
        current = current.apply(event);
        out.add(event);
      }
    }
    throw new IllegalStateException("release decisions did not settle for " + state.spec().name());
  }

  private static List<EndpointEvent> nextEvents(EndpointState state, Instant now) {
    if (!state.registered()) {
      return List.of();
    }
    String service = state.spec().name();
    if (state.deleting()) {
      return deletionStep(state, service, now);
    }
    Release active = state.active();
    if (active == null) {
      if (state.queued() != null) {
        return List.of(startQueued(state, service, now));
      }
      return retention(state, service, now);
    }
    List<EndpointEvent> releaseStep = switch (active.phase()) {
      case REQUESTED -> placeEnvironment(state, active, service, now);
      case PROVISIONING -> afterProvisioning(state, active, service, now);
      case PREVIEWING -> holdOver(active, now) ? List.of(shift(state, active, 0, now)) : List.of();
      case SHIFTING -> afterShift(state, active, service, now);
      case HOLDING -> holdOver(active, now) ? atHoldEnd(state, active, service, now) : List.of();
      case ROLLING_BACK -> afterRollback(state, active, service, now);
      default -> List.of();
    };
    return releaseStep.isEmpty() ? retention(state, service, now) : releaseStep;
  }

  private static EndpointEvent startQueued(EndpointState state, String service, Instant now) {
    QueuedRelease queued = state.queued();
    Optional<Environment> serving = state.serving();
    if (serving.isPresent() && serving.get().version().equals(queued.version())
        && serving.get().revision() == state.revision()) {
      return new QueuedReleaseSkipped(service, queued.id(), queued.version(),
          "version " + queued.version() + " already serves revision " + state.revision(), now);
    }
    return new ReleaseRequested(service, newRelease(state, queued.id(), queued.version(), queued.requestedAt()), true,
        now, null, queued.requestedBy());
  }

  /** A new release of {@code version} with the current spec revision, not yet placed. */
  static Release newRelease(EndpointState state, String releaseId, String version, Instant requestedAt) {
    ServiceSpec spec = state.spec();
    String baseline = state.serving().map(Environment::id).orElse(null);
    return Release.requested(releaseId, Release.Kind.RELEASE, version, state.revision(), null, baseline,
        spec.rollout().steps(), spec.rollout().preview(), requestedAt, null);
  }

  /** Reuse a live environment of the same version and revision, or make room and request a new one. */
  private static List<EndpointEvent> placeEnvironment(
      EndpointState state, Release active, String service, Instant now) {
    Optional<Environment> reusable = state.environments().values().stream()
        .filter(env -> !env.orphan() && env.state() != EnvironmentState.DELETING)
        .filter(env -> env.version().equals(active.version()) && env.revision() == active.revision())
        .findFirst();
    if (reusable.isPresent()) {
      return List.of(new EnvironmentReused(service, active.id(), reusable.get().id(), now));
    }
    int maxLive = state.spec().retention().maxLiveVersions();
    List<Environment> ours = state.environments().values().stream().filter(env -> !env.orphan()).toList();
    long deleting = ours.stream().filter(env -> env.state() == EnvironmentState.DELETING).count();
    int excess = ours.size() - (maxLive - 1);
    if (excess <= 0) {
      Environment env = new Environment(environmentId(service, active.version(), active.revision(),
          state.environmentCounter() + 1), active.version(), active.revision(), EnvironmentState.PROVISIONING, now,
          null, null, false);
      return List.of(new EnvironmentRequested(service, active.id(), env, now));
    }
    // never more than maxLiveVersions alive: retire the oldest idle ones first and wait until they are gone
    long toRetire = excess - deleting;
    List<EndpointEvent> out = new ArrayList<>();
    ours.stream()
        .filter(env -> env.state() != EnvironmentState.DELETING && !state.inUse(env.id()))
        .sorted(Comparator.comparing(Environment::idleSince, Comparator.nullsLast(Comparator.naturalOrder())))
        .limit(Math.max(0, toRetire))
        .forEach(env -> out.add(new EnvironmentRetired(service, env.id(),
            "making room for " + active.version() + ": at most " + maxLive + " live versions", now)));
    return out;
  }

  private static List<EndpointEvent> afterProvisioning(
      EndpointState state, Release active, String service, Instant now) {
    Environment env = state.environments().get(active.environmentId());
    if (env == null || env.state() != EnvironmentState.READY) {
      return List.of();
    }
    if (active.preview()) {
      Duration hold = state.spec().rollout().previewHold();
      return List.of(new PreviewStarted(service, active.id(), now.plus(hold), now));
    }
    // a first release has nothing to share traffic with: it goes straight to the last step
    int step = active.baselineId() == null ? active.steps().size() - 1 : 0;
    return List.of(shift(state, active, step, now));
  }

  private static List<EndpointEvent> afterShift(EndpointState state, Release active, String service, Instant now) {
    if (!state.applied().sameAs(state.desired())) {
      return List.of();
    }
    Duration hold = active.steps().get(active.step()).hold();
    // a step without a hold still needs one verdict when the release compares versions
    boolean gated = compares(active, state.specAt(active.revision()).analysis());
    if ((!hold.isZero() || gated) && !active.promoting()) {
      return List.of(new StepHeld(service, active.id(), active.step(), active.canaryWeight(), now.plus(hold), now));
    }
    return nextStep(state, active, service, now);
  }

  /**
   * The current step is done: promote at 100%, otherwise shift to the next step. Automatic analysis (the
   * version comparator) gates this transition once it reports verdicts.
   */
  private static List<EndpointEvent> nextStep(EndpointState state, Release active, String service, Instant now) {
    if (active.canaryWeight() >= 100 || active.lastStep()) {
      if (active.canaryWeight() < 100) {
        return List.of(shift(state, active, active.steps().size() - 1, now));
      }
      return List.of(new ReleasePromoted(service, active.id(), active.version(), active.environmentId(),
          active.baselineId(), now));
    }
    return List.of(shift(state, active, active.step() + 1, now));
  }

  /**
   * A hold ended. Without a comparison (no metrics or alarms configured, nothing left to compare at 100%) the release
   * moves on. Otherwise the last verdict of this step decides: pass moves on; inconclusive follows
   * {@code onInconclusive}; no verdict yet, a failing metrics source, or inconclusive with {@code hold} keep holding
   * until the next verdict. A failing verdict has already rolled the release back.
   */
  private static List<EndpointEvent> atHoldEnd(EndpointState state, Release active, String service, Instant now) {
    AnalysisPolicy policy = state.specAt(active.revision()).analysis();
    if (!compares(active, policy)) {
      return nextStep(state, active, service, now);
    }
    Analysis analysis = active.analysis();
    if (analysis == null) {
      // a release held before comparisons existed: nothing will ever judge it
      return nextStep(state, active, service, now);
    }
    Instant stepStart = active.holdUntil().minus(active.steps().get(active.step()).hold());
    if (analysis.last() == null || analysis.judgedAt().isBefore(stepStart)
        || analysis.judgedAt().isBefore(analysis.since())) {
      return List.of();
    }
    return switch (analysis.last().verdict()) {
      case PASS -> nextStep(state, active, service, now);
      case INCONCLUSIVE -> switch (policy.onInconclusive()) {
        case PROCEED -> nextStep(state, active, service, now);
        case ROLLBACK -> List.of(new RollbackRequested(service, active.id(), active.baselineId(),
            "inconclusive at the end of step " + active.step() + " (onInconclusive: rollback): "
                + analysis.last().summary(), true, false, now, EndpointEvent.ENGINE));
        case HOLD -> List.of();
      };
      case ERROR, FAIL -> List.of();
    };
  }

  /** Whether this release compares its canary with a baseline at the current step. */
  static boolean compares(Release active, AnalysisPolicy policy) {
    return active.baselineId() != null && active.canaryWeight() < 100
        && (!policy.metrics().isEmpty() || !policy.alarms().isEmpty());
  }

  private static List<EndpointEvent> afterRollback(EndpointState state, Release active, String service, Instant now) {
    if (!state.applied().sameAs(state.desired())) {
      return List.of();
    }
    if (active.aborting()) {
      return List.of(new ReleaseAborted(service, active.id(), active.version(), active.reason(), now,
          EndpointEvent.ENGINE));
    }
    String servingNow = state.desired().nonZero().keySet().iterator().next();
    return List.of(new ReleaseRolledBack(service, active.id(), active.version(), servingNow, now,
        EndpointEvent.ENGINE));
  }

  static TrafficShiftRequested shift(EndpointState state, Release active, int step, Instant now) {
    RolloutStep rolloutStep = active.steps().get(step);
    int weight = active.baselineId() == null ? 100 : rolloutStep.weight();
    Map<String, Integer> weights = weight >= 100 || active.baselineId() == null
        ? Map.of(active.environmentId(), 100)
        : Map.of(active.environmentId(), weight, active.baselineId(), 100 - weight);
    return new TrafficShiftRequested(state.spec().name(), active.id(), step, new TrafficSplit(weights), now);
  }

  private static boolean holdOver(Release active, Instant now) {
    return !active.paused() && active.holdUntil() != null && !now.isBefore(active.holdUntil());
  }

  /** Idle environments past {@code keepPreviousFor} are retired. */
  private static List<EndpointEvent> retention(EndpointState state, String service, Instant now) {
    Duration keep = state.spec().retention().keepPreviousFor();
    List<EndpointEvent> out = new ArrayList<>();
    for (Environment env : state.environments().values()) {
      if (env.state() == EnvironmentState.READY && !env.orphan() && env.idleSince() != null
          && !state.inUse(env.id()) && !now.isBefore(env.idleSince().plus(keep))) {
        out.add(new EnvironmentRetired(service, env.id(), "idle for longer than keepPreviousFor", now));
      }
    }
    return out;
  }

  private static List<EndpointEvent> deletionStep(EndpointState state, String service, Instant now) {
    if (state.releaseInFlight()) {
      return List.of();
    }
    List<EndpointEvent> out = new ArrayList<>();
    state.environments().values().stream()
        .filter(env -> env.state() != EnvironmentState.DELETING)
        .forEach(env -> out.add(new EnvironmentRetired(service, env.id(), "service deleted", now)));
    // the endpoint is removed by the entity's effects once no environment is left; then the service is gone
    if (out.isEmpty() && state.environments().isEmpty() && state.endpointRemoved()) {
      out.add(new ServiceDeleted(service, now));
    }
    return out;
  }

  /** Deterministic environment id: service, version, spec revision and the endpoint's environment counter. */
  static String environmentId(String service, String version, int revision, int counter) {
    String slug = version.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    if (slug.length() > 40) {
      slug = slug.substring(0, 40);
    }
    return service + "-" + slug + "-r" + revision + "-" + counter;
  }
}
