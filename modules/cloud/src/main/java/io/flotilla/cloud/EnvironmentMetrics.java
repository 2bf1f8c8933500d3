package io.flotilla.cloud;

import java.util.Map;

/**
 * Traffic one environment served through its endpoint in a window: request and 5xx counts, and latency as either
 * every request's latency in milliseconds (the local cloud records each request) or, where the cloud only gives
 * percentiles (AWS CloudWatch), {@code latencyPercentilesMillis}: percentile (0..100) to milliseconds.
 */
public record EnvironmentMetrics(
    String environmentId, long requests, long errors, double[] latencySamplesMillis,
    Map<Double, Double> latencyPercentilesMillis) {
  public EnvironmentMetrics {
    latencySamplesMillis = latencySamplesMillis == null ? new double[0] : latencySamplesMillis;
    latencyPercentilesMillis = latencyPercentilesMillis == null ? Map.of() : Map.copyOf(latencyPercentilesMillis);
  }

  /** Metrics with every request's latency. */
  public EnvironmentMetrics(String environmentId, long requests, long errors, double[] latencySamplesMillis) {
    this(environmentId, requests, errors, latencySamplesMillis, Map.of());
  }
}
