package io.flotilla.cloud;

/**
 * Traffic one environment served through its endpoint in a window: request and 5xx counts, and latency samples in
 * milliseconds (the local cloud records each request; AWS gives percentiles only, then {@code latencySamplesMillis}
 * holds the percentile values it has).
 */
public record EnvironmentMetrics(String environmentId, long requests, long errors, double[] latencySamplesMillis) {}
