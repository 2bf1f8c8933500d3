package io.flotilla.engine.endpoint;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.TrafficSplit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Builds the API's view of an endpoint from its state and the last inventory observation. */
final class StatusViews {
  private StatusViews() {}

  static StatusView of(EndpointState state, Inventory observed) {
    return new StatusView(
        state.spec().name(),
        state.spec().account(),
        state.spec().region(),
        state.revision(),
        state.spec(),
        state.endpointUrl(),
        state.previewUrl(),
        weights(state, state.desired()),
        weights(state, state.applied()),
        live(state, observed),
        state.desired().sameAs(state.applied()),
        state.environments().values().stream().sorted(Comparator.comparing(Environment::createdAt)).toList(),
        state.active(),
        state.queued(),
        state.history(),
        state.deleting());
  }

  private static List<StatusView.Weight> weights(EndpointState state, TrafficSplit split) {
    return split.nonZero().entrySet().stream()
        .map(entry -> new StatusView.Weight(entry.getKey(),
            state.environment(entry.getKey()).map(Environment::version).orElse(null), entry.getValue()))
        .toList();
  }

  private static StatusView.Live live(EndpointState state, Inventory observed) {
    if (observed == null) {
      return null;
    }
    String service = state.spec().name();
    TrafficSplit split = observed.endpoints().get(service);
    List<StatusView.LiveEnvironment> environments = observed.environmentsOf(service).stream()
        .sorted(Comparator.comparing(EnvironmentInfo::environmentId))
        .map(env -> new StatusView.LiveEnvironment(env.environmentId(), env.version(), env.status().name(),
            env.instances(), env.healthyInstances()))
        .toList();
    return new StatusView.Live(observed.scannedAt(), split != null,
        weights(state, split == null ? new TrafficSplit(Map.of()) : split), environments);
  }
}
