package io.flotilla.engine.endpoint;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.endpoint.EndpointEvent.*;
import io.flotilla.judge.Verdict;
import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure decisions for what children and the inventory report. Reports are facts about the cloud; a report that no
 * longer matches the state (stale, duplicated after a restart) records nothing.
 */
final class ReportDecisions {
  private ReportDecisions() {}

  static List<EndpointEvent> environmentHealthy(EndpointState state, String environmentId, int healthy, Instant now) {
    return state.environment(environmentId)
        .filter(env -> env.state() == EnvironmentState.PROVISIONING)
        .<List<EndpointEvent>>map(env -> List.of(new EnvironmentReady(state.spec().name(), env.id(), healthy, now)))
        .orElse(List.of());
  }

  /**
   * An environment could not be created or never became healthy. A new release's environment fails the release
   * (traffic untouched). One that was re-created because it vanished while in use must not leave a release stuck:
   * a lost canary rolls back, a lost baseline leaves all traffic on the canary, and an environment that must serve
   * with nothing to fall back on is tried again with a fresh deadline.
   */
  static List<EndpointEvent> environmentUnavailable(
      EndpointState state, String environmentId, String reason, Instant now) {
    Environment env = state.environment(environmentId)
        .filter(found -> found.state() == EnvironmentState.PROVISIONING).orElse(null);
    if (env == null) {
      return List.of();
    }
    String service = state.spec().name();
    Release active = state.active();
    String failure = "environment " + environmentId + " failed: " + reason;
    if (active != null && environmentId.equals(active.environmentId())) {
      if (active.phase() == ReleasePhase.PROVISIONING) {
        return List.of(new EnvironmentFailed(service, environmentId, reason, now),
            new ReleaseFailed(service, active.id(), active.version(), failure, now));
      }
      if (active.baselineId() != null && readyOrComing(state, active.baselineId())
          && active.phase() != ReleasePhase.ROLLING_BACK) {
        return List.of(new EnvironmentFailed(service, environmentId, reason, now),
            new RollbackRequested(service, active.id(), active.baselineId(), failure, true, false, now,
                EndpointEvent.ENGINE));
      }
    }
    if (active != null && environmentId.equals(active.baselineId()) && readyOrComing(state, active.environmentId())) {
      // nothing left to go back to: the new version takes all traffic, and the release says why
      return List.of(new EnvironmentFailed(service, environmentId, reason, now),
          new TrafficShiftRequested(service, active.id(), active.steps().size() - 1,
              new TrafficSplit(Map.of(active.environmentId(), 100)), now),
          new ReleaseFailed(service, active.id(), active.version(), "previous " + failure
              + "; all traffic left on " + active.version(), now));
    }
    if (state.inUse(environmentId)) {
      return List.of(new DriftDetected(service, DriftKind.ENVIRONMENT_MISSING, environmentId, env.version(),
          "re-creation failed (" + reason + "); trying again", now));
    }
    return List.of(new EnvironmentFailed(service, environmentId, reason, now));
  }

  private static boolean readyOrComing(EndpointState state, String environmentId) {
    return state.environment(environmentId).filter(env -> env.state() != EnvironmentState.DELETING).isPresent();
  }

  static List<EndpointEvent> trafficApplied(EndpointState state, TrafficSplit split, String endpointUrl,
      Instant now) {
    if (!split.sameAs(state.desired()) || split.sameAs(state.applied())) {
      return List.of();
    }
    return List.of(new TrafficShifted(state.spec().name(), split, endpointUrl, now));
  }

  /**
   * One comparison interval: recorded with its numbers; a failing verdict (fail-fast, any step) or an alarm in
   * ALARM rolls back at once, with the reason. Reports for another release or a finished comparison are dropped.
   */
  static List<EndpointEvent> analysisReported(EndpointState state, EndpointCommand.AnalysisReport report,
      Instant now) {
    Release active = state.active();
    if (active == null || !active.id().equals(report.releaseId()) || active.analysis() == null
        || (active.phase() != ReleasePhase.SHIFTING && active.phase() != ReleasePhase.HOLDING)
        || report.from().isBefore(active.analysis().since())) {
      // another release, a comparison that ended, or a window of an earlier step
      return List.of();
    }
    String service = state.spec().name();
    List<EndpointEvent> out = new ArrayList<>();
    out.add(new AnalysisRecorded(service, active.id(), active.step(), report.judgement(), report.alarmsFiring(),
        report.alarmsError(), report.from(), report.to(), now));
    if (!report.alarmsFiring().isEmpty()) {
      out.add(new RollbackRequested(service, active.id(), active.baselineId(),
          "alarm in ALARM: " + String.join(", ", report.alarmsFiring()), true, false, now, EndpointEvent.ENGINE));
    } else if (report.judgement().verdict() == Verdict.FAIL && !active.promoting()) {
      out.add(new RollbackRequested(service, active.id(), active.baselineId(),
          "analysis failed: " + report.judgement().summary(), true, false, now, EndpointEvent.ENGINE));
    }
    return out;
  }

  static List<EndpointEvent> environmentRemoved(EndpointState state, String environmentId, Instant now) {
    return state.environment(environmentId)
        .filter(env -> env.state() == EnvironmentState.DELETING)
        .<List<EndpointEvent>>map(env -> List.of(new EnvironmentDeleted(state.spec().name(), environmentId, now)))
        .orElse(List.of());
  }

  /**
   * Compares an inventory scan with the desired state. Anything that changed after the scan began is not judged by
   * it ({@code trafficBusy} is true while a traffic call is in flight).
   */
  static List<EndpointEvent> liveObserved(
      EndpointState state, Inventory inventory, boolean trafficBusy, Set<String> recentlyDeleted, Instant now) {
    if (!state.registered() || state.deleting()) {
      return List.of();
    }
    String service = state.spec().name();
    Instant scannedAt = inventory.scannedAt();
    Map<String, EnvironmentInfo> live = inventory.environmentsOf(service).stream()
        .collect(Collectors.toMap(EnvironmentInfo::environmentId, Function.identity(), (a, b) -> a));
    List<EndpointEvent> out = new ArrayList<>();
    for (Environment env : state.environments().values()) {
      boolean settledBeforeScan = env.readyAt() != null && env.readyAt().isBefore(scannedAt);
      if (env.state() == EnvironmentState.READY && settledBeforeScan && !live.containsKey(env.id())) {
        out.add(new DriftDetected(service, DriftKind.ENVIRONMENT_MISSING, env.id(), env.version(),
            state.inUse(env.id()) ? "environment vanished while in use; re-creating it"
                : "idle environment vanished; forgetting it", now));
      }
    }
    for (EnvironmentInfo info : live.values()) {
      if (!state.environments().containsKey(info.environmentId()) && !recentlyDeleted.contains(info.environmentId())) {
        out.add(new DriftDetected(service, DriftKind.UNKNOWN_ENVIRONMENT, info.environmentId(),
            info.tags().getOrDefault(Tags.VERSION, "unknown"),
            "environment tagged with this service that Flotilla does not know; deleting it", now));
      }
    }
    boolean weightsSettled = !trafficBusy && state.applied().sameAs(state.desired()) && !state.desired().nonZero()
        .isEmpty() && state.appliedAt() != null && state.appliedAt().isBefore(scannedAt);
    if (weightsSettled) {
      TrafficSplit liveSplit = inventory.endpoints().get(service);
      if (liveSplit == null) {
        out.add(new DriftDetected(service, DriftKind.WEIGHTS_CHANGED, null, null,
            "endpoint missing; re-creating it with " + state.desired().nonZero(), now));
      } else if (!liveSplit.sameAs(state.desired())) {
        out.add(new DriftDetected(service, DriftKind.WEIGHTS_CHANGED, null, null,
            "live weights " + liveSplit.nonZero() + " differ from desired " + state.desired().nonZero(), now));
      }
    }
    return out;
  }
}
