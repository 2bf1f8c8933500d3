package io.flotilla.engine.endpoint;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.endpoint.EndpointEvent.*;
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

  static List<EndpointEvent> environmentUnavailable(
      EndpointState state, String environmentId, String reason, Instant now) {
    if (state.environment(environmentId).filter(env -> env.state() == EnvironmentState.PROVISIONING).isEmpty()) {
      return List.of();
    }
    String service = state.spec().name();
    List<EndpointEvent> out = new ArrayList<>();
    out.add(new EnvironmentFailed(service, environmentId, reason, now));
    Release active = state.active();
    if (active != null && environmentId.equals(active.environmentId())
        && active.phase() == ReleasePhase.PROVISIONING) {
      out.add(new ReleaseFailed(service, active.id(), active.version(),
          "environment " + environmentId + " failed: " + reason, now));
    }
    return out;
  }

  static List<EndpointEvent> trafficApplied(EndpointState state, TrafficSplit split, Instant now) {
    if (!split.sameAs(state.desired()) || split.sameAs(state.applied())) {
      return List.of();
    }
    return List.of(new TrafficShifted(state.spec().name(), split, now));
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
