package io.flotilla.cloud.local;

import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.TrafficSplit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * One endpoint: its production proxy, the weights it routes by (replaced atomically as a whole), and at most one
 * preview proxy that reaches a single environment and is not counted in production metrics.
 */
final class LocalEndpoint implements AutoCloseable {
  private final EndpointRef ref;
  private final CloudRuntime runtime;
  private final Function<String, LocalEnvironment> environments;
  private final TrafficProxy production;
  private volatile WeightTable weights = WeightTable.EMPTY;
  private volatile String previewEnvironment;
  private TrafficProxy preview;

  LocalEndpoint(EndpointRef ref, int port, CloudRuntime runtime, EnvironmentRegistry registry, MetricsStore metrics) {
    this.ref = ref;
    this.runtime = runtime;
    this.environments = id -> registry.find(ref.placement(), id).orElse(null);
    EndpointKey key = EndpointKey.of(ref);
    this.production = new TrafficProxy(runtime, port, () -> weights.pick(ThreadLocalRandom.current()), environments,
        new TrafficProxy.Recorder() {
          @Override
          public void forwarded(String environmentId, long epochMillis, int status, double latencyMillis) {
            metrics.record(key, environmentId, epochMillis, status, latencyMillis);
          }

          @Override
          public void unrouted() {
            metrics.recordUnrouted(key);
          }
        });
  }

  EndpointRef ref() {
    return ref;
  }

  int port() {
    return production.port();
  }

  EndpointInfo info() {
    return new EndpointInfo(ref, production.url(), weights.split());
  }

  TrafficSplit split() {
    return weights.split();
  }

  void route(TrafficSplit split) {
    weights = new WeightTable(split);
  }

  /** Opens the preview (or points the open one at another environment) and returns its URL. */
  synchronized String openPreview(String environmentId) {
    previewEnvironment = environmentId;
    if (preview == null) {
      preview = new TrafficProxy(runtime, 0, () -> previewEnvironment, environments, TrafficProxy.Recorder.NONE);
    }
    return preview.url();
  }

  synchronized void closePreview() {
    if (preview != null) {
      preview.close();
      preview = null;
    }
  }

  @Override
  public void close() {
    closePreview();
    production.close();
  }
}
