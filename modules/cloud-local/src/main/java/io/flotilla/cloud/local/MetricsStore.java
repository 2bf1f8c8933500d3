package io.flotilla.cloud.local;

import io.flotilla.cloud.EnvironmentMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every endpoint's proxy forwarded, per environment: a bounded {@link SampleRing} for windowed reads (at most
 * the retention, at most {@code maxSamplesPerEnvironment} samples; the oldest go first) and cumulative counters that
 * are never trimmed. Requests the proxy could not route (no weights, no healthy instance, instance unreachable) are
 * counted per endpoint, against no environment, as a load balancer's own 5xx are.
 */
final class MetricsStore {
  private final CloudRuntime runtime;
  private final ConcurrentMap<EndpointKey, ConcurrentMap<String, Traffic>> endpoints = new ConcurrentHashMap<>();
  private final ConcurrentMap<EndpointKey, LongAdder> unrouted = new ConcurrentHashMap<>();

  private final class Traffic {
    final SampleRing ring = new SampleRing(runtime.config().maxSamplesPerEnvironment());
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
  }

  MetricsStore(CloudRuntime runtime) {
    this.runtime = runtime;
  }

  void record(EndpointKey endpoint, String environmentId, long epochMillis, int status, double latencyMillis) {
    Traffic traffic = endpoints.computeIfAbsent(endpoint, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(environmentId, id -> new Traffic());
    traffic.requests.increment();
    if (status >= 500) {
      traffic.errors.increment();
    }
    traffic.ring.add(epochMillis, status, latencyMillis, retainFrom());
  }

  void recordUnrouted(EndpointKey endpoint) {
    unrouted.computeIfAbsent(endpoint, key -> new LongAdder()).increment();
  }

  Map<String, EnvironmentMetrics> read(EndpointKey endpoint, Set<String> environmentIds, Instant from, Instant to) {
    Map<String, Traffic> byEnvironment = endpoints.getOrDefault(endpoint, new ConcurrentHashMap<>());
    Map<String, EnvironmentMetrics> out = new LinkedHashMap<>();
    for (String id : environmentIds) {
      Traffic traffic = byEnvironment.get(id);
      out.put(id, traffic == null
          ? new EnvironmentMetrics(id, 0, 0, new double[0])
          : traffic.ring.read(id, from.toEpochMilli(), to.toEpochMilli(), retainFrom()));
    }
    return out;
  }

  long requestCount(String service, String environmentId) {
    return sum(service, environmentId, false);
  }

  long errorCount(String service, String environmentId) {
    return sum(service, environmentId, true);
  }

  long unroutedCount(String service) {
    return unrouted.entrySet().stream()
        .filter(entry -> entry.getKey().service().equals(service))
        .mapToLong(entry -> entry.getValue().sum())
        .sum();
  }

  void forget(EndpointKey endpoint) {
    endpoints.remove(endpoint);
    unrouted.remove(endpoint);
  }

  private long sum(String service, String environmentId, boolean errors) {
    long total = 0;
    for (Map.Entry<EndpointKey, ConcurrentMap<String, Traffic>> entry : endpoints.entrySet()) {
      Traffic traffic = entry.getKey().service().equals(service) ? entry.getValue().get(environmentId) : null;
      if (traffic != null) {
        total += (errors ? traffic.errors : traffic.requests).sum();
      }
    }
    return total;
  }

  private long retainFrom() {
    Duration retention = runtime.config().metricsRetention();
    return runtime.clock().millis() - retention.toMillis();
  }
}
