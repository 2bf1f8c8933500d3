package io.flotilla.cloud.local;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.CloudProvider;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.AlarmPort;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.MetricsPort;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.PreviewPort;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.cloud.TrafficSplit;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The embedded cloud: environments are real HTTP instances of the demo image on loopback, each endpoint is a real
 * weighted reverse proxy on its own port that records every request it forwards, and faults can be injected. It
 * implements all six ports; every call runs on the cloud's own threads and never blocks the caller. Any number of
 * placements (account, region) coexist; an environment lives in its request's placement. {@link #close()} stops
 * every server and thread.
 */
public final class LocalCloud implements EnvironmentPort, TrafficPort, PreviewPort, InventoryPort, MetricsPort,
    AlarmPort, AutoCloseable {
  private final CloudRuntime runtime;
  private final DemoImage image;
  private final EnvironmentRegistry environments;
  private final MetricsStore metrics;
  private final EndpointRegistry endpoints;
  private final HealthChecker healthChecker;
  private final CallGate gate = new CallGate();
  private final AlarmBoard alarms = new AlarmBoard();
  private final Faults faults;
  private volatile boolean closed;

  private LocalCloud(LocalCloudConfig config) {
    this.runtime = new CloudRuntime(config);
    this.image = new DemoImage(runtime);
    this.environments = new EnvironmentRegistry(image);
    this.metrics = new MetricsStore(runtime);
    this.endpoints = new EndpointRegistry(runtime, environments, metrics);
    this.healthChecker = new HealthChecker(runtime, environments::all);
    this.faults = new LocalFaults(runtime, environments, endpoints, image, gate, alarms);
    healthChecker.start();
  }

  /** Starts a local cloud: its threads and health checker run until {@link #close()}. */
  public static LocalCloud start(LocalCloudConfig config) {
    return new LocalCloud(config);
  }

  /** Starts a local cloud with {@link LocalCloudConfig#defaults()}. */
  public static LocalCloud start() {
    return new LocalCloud(LocalCloudConfig.defaults());
  }

  public CloudProvider provider() {
    return new CloudProvider(this, this, this, this, this, this);
  }

  public LocalCloudConfig config() {
    return runtime.config();
  }

  public Faults faults() {
    return faults;
  }

  @Override
  public CompletionStage<EnvironmentInfo> create(EnvironmentRequest request) {
    return call(Operation.CREATE, () -> environments.create(request));
  }

  @Override
  public CompletionStage<Optional<EnvironmentInfo>> describe(Placement placement, String environmentId) {
    return call(Operation.DESCRIBE, () -> environments.describe(placement, environmentId));
  }

  @Override
  public CompletionStage<Void> delete(Placement placement, String environmentId) {
    return call(Operation.DELETE, () -> {
      environments.delete(placement, environmentId);
      return null;
    });
  }

  @Override
  public CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint) {
    return call(Operation.ENSURE_ENDPOINT, () -> endpoints.ensure(endpoint));
  }

  @Override
  public CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split) {
    return call(Operation.SET_WEIGHTS, () -> endpoints.setWeights(endpoint, split));
  }

  @Override
  public CompletionStage<TrafficSplit> readWeights(EndpointRef endpoint) {
    return call(Operation.READ_WEIGHTS, () -> endpoints.readWeights(endpoint));
  }

  @Override
  public CompletionStage<Void> deleteEndpoint(EndpointRef endpoint) {
    return call(Operation.DELETE_ENDPOINT, () -> {
      endpoints.delete(endpoint);
      return null;
    });
  }

  @Override
  public CompletionStage<String> openPreview(EndpointRef endpoint, String environmentId) {
    return call(Operation.OPEN_PREVIEW, () -> endpoints.openPreview(endpoint, environmentId));
  }

  @Override
  public CompletionStage<Void> closePreview(EndpointRef endpoint) {
    return call(Operation.CLOSE_PREVIEW, () -> {
      endpoints.closePreview(endpoint);
      return null;
    });
  }

  @Override
  public CompletionStage<Inventory> scan(Placement placement) {
    return call(Operation.SCAN, () -> new Inventory(placement, runtime.clock().instant(),
        environments.in(placement).stream().map(LocalEnvironment::info).toList(), endpoints.splitsIn(placement)));
  }

  /**
   * Every environment in {@code placement} now, read directly: not a port call, so neither counted nor subject to
   * injected faults (tests watch the inventory with it while the engine's calls fail).
   */
  public List<EnvironmentInfo> environmentsNow(Placement placement) {
    return CompletableFuture.supplyAsync(() -> environments.in(placement).stream().map(LocalEnvironment::info)
        .toList(), runtime.operations()).join();
  }

  @Override
  public CompletionStage<Map<String, EnvironmentMetrics>> read(
      EndpointRef endpoint, Set<String> environmentIds, Instant from, Instant to) {
    return call(Operation.READ_METRICS, () -> metrics.read(EndpointKey.of(endpoint), environmentIds, from, to));
  }

  /** How the demo image currently behaves for {@code version}: a runtime override, else the catalog's entry. */
  public VersionBehavior behaviorOf(String version) {
    return image.behaviorOf(version);
  }

  /** How many times {@code operation} (e.g. {@code "setWeights"}, see {@link Operation}) was called. */
  @Override
  public CompletionStage<Map<String, AlarmState>> states(Placement placement, List<String> names) {
    return call(Operation.READ_ALARMS, () -> alarms.states(placement, names));
  }

  public long callCount(String operation) {
    return gate.count(Operation.of(operation));
  }

  /** Call faults injected so far: {@code failed} (calls made to fail) and {@code slowed} (calls delayed). */
  public Map<String, Long> injectedFaults() {
    return gate.injected();
  }

  /** Every operation's call count, by operation name. */
  public Map<String, Long> callCounts() {
    return gate.counts();
  }

  /** Requests the endpoint of {@code service} forwarded to the environment since it started (never trimmed). */
  public long requestCount(String service, String environmentId) {
    return metrics.requestCount(service, environmentId);
  }

  /** Of {@link #requestCount}, those answered 5xx. */
  public long errorCount(String service, String environmentId) {
    return metrics.errorCount(service, environmentId);
  }

  /** Requests the endpoint of {@code service} could not route (no weights, no healthy instance, unreachable). */
  public long unroutedCount(String service) {
    return metrics.unroutedCount(service);
  }

  /** The URLs of the environment's live instances, by slot. */
  public List<URI> instanceUrls(String environmentId) {
    return environments.findAnywhere(environmentId)
        .map(environment -> environment.instances().stream()
            .filter(instance -> !instance.terminated())
            .map(DemoInstance::uri)
            .toList())
        .orElse(List.of());
  }

  /** Stops every proxy, instance and thread of this cloud. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    healthChecker.close();
    runtime.quiesce();
    endpoints.closeAll();
    environments.closeAll();
    runtime.close();
  }

  private <T> CompletionStage<T> call(Operation operation, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new CloudException("the local cloud is closed", false));
      return result;
    }
    CallGate.Decision decision = gate.admit(operation);
    Runnable task = () -> {
      if (decision.fails()) {
        result.completeExceptionally(
            new CloudException("injected failure of " + operation.id(), decision.retryable()));
        return;
      }
      try {
        result.complete(work.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(asCloudException(operation, e));
      }
    };
    try {
      if (decision.delay().isZero()) {
        runtime.operations().execute(task);
      } else {
        runtime.scheduler().schedule(() -> runOrFail(task, result), decision.delay().toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new CloudException("the local cloud is closed", false));
    }
    return result;
  }

  private void runOrFail(Runnable task, CompletableFuture<?> result) {
    try {
      runtime.operations().execute(task);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new CloudException("the local cloud is closed", false));
    }
  }

  /** Invalid requests are not worth retrying; failures to bind or start servers may be. */
  private static CloudException asCloudException(Operation operation, RuntimeException e) {
    if (e instanceof CloudException cloud) {
      return cloud;
    }
    boolean retryable = e instanceof UncheckedIOException;
    return new CloudException(operation.id() + " failed: " + e.getMessage(), retryable, e);
  }
}
