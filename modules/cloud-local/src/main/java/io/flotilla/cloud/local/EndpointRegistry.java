package io.flotilla.cloud.local;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.TrafficSplit;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The endpoints of a local cloud. An endpoint keeps its port for the cloud's lifetime, even across delete and
 * re-create. Weights are checked as a load balancer would: percentages adding up to 100 (or all zero, to drain),
 * and only environments that exist in the endpoint's placement may get weight.
 */
final class EndpointRegistry {
  private final CloudRuntime runtime;
  private final EnvironmentRegistry environments;
  private final MetricsStore metrics;
  private final ConcurrentMap<EndpointKey, LocalEndpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<EndpointKey, Integer> ports = new ConcurrentHashMap<>();

  EndpointRegistry(CloudRuntime runtime, EnvironmentRegistry environments, MetricsStore metrics) {
    this.runtime = runtime;
    this.environments = environments;
    this.metrics = metrics;
  }

  synchronized EndpointInfo ensure(EndpointRef ref) {
    EndpointKey key = EndpointKey.of(ref);
    LocalEndpoint existing = endpoints.get(key);
    if (existing != null) {
      return existing.info();
    }
    int requested = ref.address() == null ? 0 : ref.address().port();
    int port = requested != 0 ? requested : ports.getOrDefault(key, 0);
    LocalEndpoint endpoint;
    try {
      endpoint = new LocalEndpoint(ref, port, runtime, environments, metrics);
    } catch (UncheckedIOException e) {
      if (requested != 0 || port == 0) {
        throw new CloudException("endpoint " + key + " cannot listen on port " + port + ": " + e.getMessage(), false, e);
      }
      // Our earlier port was taken by someone else meanwhile: take a fresh one.
      endpoint = new LocalEndpoint(ref, 0, runtime, environments, metrics);
    }
    ports.put(key, endpoint.port());
    endpoints.put(key, endpoint);
    return endpoint.info();
  }

  TrafficSplit setWeights(EndpointRef ref, TrafficSplit split) {
    LocalEndpoint endpoint = require(ref);
    validate(ref, split);
    endpoint.route(split);
    return endpoint.split();
  }

  /** Changes weights without any check, as someone editing the load balancer by hand would. */
  void overrideWeights(EndpointKey key, TrafficSplit split) {
    LocalEndpoint endpoint = endpoints.get(key);
    if (endpoint == null) {
      throw new IllegalArgumentException("no endpoint " + key);
    }
    endpoint.route(split);
  }

  TrafficSplit readWeights(EndpointRef ref) {
    return require(ref).split();
  }

  void delete(EndpointRef ref) {
    EndpointKey key = EndpointKey.of(ref);
    LocalEndpoint endpoint = endpoints.remove(key);
    if (endpoint != null) {
      endpoint.close();
      metrics.forget(key);
    }
  }

  String openPreview(EndpointRef ref, String environmentId) {
    LocalEndpoint endpoint = require(ref);
    if (environments.find(ref.placement(), environmentId).isEmpty()) {
      throw new CloudException("no environment " + environmentId + " in " + placementText(ref.placement()), false);
    }
    return endpoint.openPreview(environmentId);
  }

  void closePreview(EndpointRef ref) {
    LocalEndpoint endpoint = endpoints.get(EndpointKey.of(ref));
    if (endpoint != null) {
      endpoint.closePreview();
    }
  }

  /** The split of every endpoint in the placement, by service. */
  Map<String, TrafficSplit> splitsIn(Placement placement) {
    Map<String, TrafficSplit> out = new TreeMap<>();
    endpoints.forEach((key, endpoint) -> {
      if (key.placement().equals(placement)) {
        out.put(key.service(), endpoint.split());
      }
    });
    return out;
  }

  void closeAll() {
    endpoints.values().forEach(LocalEndpoint::close);
    endpoints.clear();
  }

  private LocalEndpoint require(EndpointRef ref) {
    LocalEndpoint endpoint = endpoints.get(EndpointKey.of(ref));
    if (endpoint == null) {
      throw new CloudException("no endpoint " + EndpointKey.of(ref) + "; ensureEndpoint creates it", false);
    }
    return endpoint;
  }

  private void validate(EndpointRef ref, TrafficSplit split) {
    int total = 0;
    for (Map.Entry<String, Integer> entry : split.weights().entrySet()) {
      int weight = entry.getValue();
      if (weight < 0 || weight > 100) {
        throw new CloudException("weight of " + entry.getKey() + " must be 0..100, got " + weight, false);
      }
      if (weight > 0 && environments.find(ref.placement(), entry.getKey()).isEmpty()) {
        throw new CloudException(
            "no environment " + entry.getKey() + " in " + placementText(ref.placement()) + " to send traffic to", false);
      }
      total += weight;
    }
    if (total != 0 && total != 100) {
      throw new CloudException("weights must add up to 100 (or 0 to drain), got " + total, false);
    }
  }

  private static String placementText(Placement placement) {
    return placement.account() + "/" + placement.region();
  }
}
