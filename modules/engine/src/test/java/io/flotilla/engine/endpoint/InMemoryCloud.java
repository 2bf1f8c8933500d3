package io.flotilla.engine.endpoint;

import io.flotilla.cloud.AlarmPort;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.CloudProvider;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.MetricsPort;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.PreviewPort;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cloud whose calls succeed at once and whose environments are healthy as soon as they exist: enough for
 * entity tests that are about the entity, not the cloud (the local cloud is tested with real HTTP elsewhere).
 */
final class InMemoryCloud implements EnvironmentPort, TrafficPort, PreviewPort, InventoryPort, MetricsPort,
    AlarmPort {
  final Map<String, EnvironmentInfo> environments = new ConcurrentHashMap<>();
  final Map<String, TrafficSplit> weights = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /** How long a create takes to land (the environment appears only then). */
  volatile Duration createDelay = Duration.ZERO;
  /** Deletes fail with a non-retryable error while set. */
  volatile boolean failDeletes;

  CloudProvider provider() {
    return new CloudProvider(this, this, this, this, this, this);
  }

  @Override
  public CompletionStage<EnvironmentInfo> create(EnvironmentRequest request) {
    count("create");
    if (!createDelay.isZero()) {
      return CompletableFuture.supplyAsync(() -> environments.computeIfAbsent(request.environmentId(),
          id -> healthy(request)), CompletableFuture.delayedExecutor(createDelay.toMillis(), TimeUnit.MILLISECONDS));
    }
    return done(environments.computeIfAbsent(request.environmentId(), id -> healthy(request)));
  }

  @Override
  public CompletionStage<Optional<EnvironmentInfo>> describe(Placement placement, String environmentId) {
    return done(Optional.ofNullable(environments.get(environmentId)));
  }

  @Override
  public CompletionStage<Void> delete(Placement placement, String environmentId) {
    count("delete");
    if (failDeletes) {
      return CompletableFuture.failedFuture(new CloudException("delete refused", false));
    }
    environments.remove(environmentId);
    return done(null);
  }

  @Override
  public CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint) {
    TrafficSplit split = weights.computeIfAbsent(endpoint.service(), service -> TrafficSplit.EMPTY);
    return done(new EndpointInfo(endpoint, "http://memory/" + endpoint.service(), split));
  }

  @Override
  public CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split) {
    weights.put(endpoint.service(), split);
    return done(split);
  }

  @Override
  public CompletionStage<TrafficSplit> readWeights(EndpointRef endpoint) {
    return done(weights.getOrDefault(endpoint.service(), TrafficSplit.EMPTY));
  }

  @Override
  public CompletionStage<Void> deleteEndpoint(EndpointRef endpoint) {
    weights.remove(endpoint.service());
    return done(null);
  }

  @Override
  public CompletionStage<String> openPreview(EndpointRef endpoint, String environmentId) {
    return done("http://memory/preview/" + environmentId);
  }

  @Override
  public CompletionStage<Void> closePreview(EndpointRef endpoint) {
    return done(null);
  }

  @Override
  public CompletionStage<Inventory> scan(Placement placement) {
    return done(new Inventory(placement, Instant.now(), List.copyOf(environments.values()), Map.copyOf(weights)));
  }

  @Override
  public CompletionStage<Map<String, EnvironmentMetrics>> read(EndpointRef endpoint, Set<String> environmentIds,
      Instant from, Instant to) {
    return done(Map.of());
  }

  @Override
  public CompletionStage<Map<String, AlarmState>> states(Placement placement, List<String> names) {
    Map<String, AlarmState> states = new java.util.HashMap<>();
    names.forEach(name -> states.put(name, AlarmState.OK));
    return done(states);
  }

  int callCount(String operation) {
    return calls.getOrDefault(operation, new AtomicInteger()).get();
  }

  private void count(String operation) {
    calls.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
  }

  private static EnvironmentInfo healthy(EnvironmentRequest request) {
    return new EnvironmentInfo(request.environmentId(), request.placement(), EnvironmentStatus.HEALTHY,
        request.runtime().minInstances(), request.runtime().minInstances(), request.tags());
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
