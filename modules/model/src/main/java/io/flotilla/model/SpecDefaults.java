package io.flotilla.model;

import java.time.Duration;
import java.util.List;

/**
 * The values {@link SpecReader} fills in for fields a spec leaves out. Only {@code name} and {@code image} are
 * required; a partial nested object (say {@code runtime: {port: 9000}}) gets these defaults for its other fields.
 *
 * <pre>
 * team: default
 * account: local
 * region: local
 * endpoint: {host: &lt;name&gt;.local, port: 0}        # port 0: the cloud chooses
 * runtime:
 *   instanceType: t3.small
 *   minInstances: 2
 *   maxInstances: max(4, minInstances)
 *   port: 8080
 *   args: []
 *   env: {}
 *   healthCheck: {path: /health, intervalSeconds: 10, healthyThreshold: 2}
 * rollout:
 *   preset: canary-10-5m                          # when neither preset nor steps is given
 *   preview: false
 *   previewHold: 30m
 *   environmentTimeout: 20m
 * analysis:
 *   interval: 1m
 *   warmup: 30s
 *   minRequests: 100
 *   metrics:                                      # when metrics is absent; metrics: [] means none
 *     - {name: errors, type: error-rate, maxIncrease: 0.01, critical: true}
 *     - {name: p99, type: latency, percentile: 99, maxRatio: 1.25}
 *   alarms: []
 *   onInconclusive: hold
 * retention: {keepPreviousFor: 24h, maxLiveVersions: 2}
 * </pre>
 *
 * A metric's own {@code critical} defaults to false.
 */
public final class SpecDefaults {
  public static final String TEAM = "default";
  public static final String ACCOUNT = "local";
  public static final String REGION = "local";
  public static final String ENDPOINT_HOST_SUFFIX = ".local";
  public static final int ENDPOINT_PORT = 0;

  public static final String INSTANCE_TYPE = "t3.small";
  public static final int MIN_INSTANCES = 2;
  public static final int MAX_INSTANCES_FLOOR = 4;
  public static final int RUNTIME_PORT = 8080;
  public static final HealthCheck HEALTH_CHECK = HealthCheck.DEFAULT;

  public static final String ROLLOUT_PRESET = RolloutPresets.CANARY_10_5M;
  public static final boolean PREVIEW = false;
  public static final Duration PREVIEW_HOLD = Duration.ofMinutes(30);
  public static final Duration ENVIRONMENT_TIMEOUT = Duration.ofMinutes(20);

  public static final Duration ANALYSIS_INTERVAL = Duration.ofMinutes(1);
  public static final Duration WARMUP = Duration.ofSeconds(30);
  public static final int MIN_REQUESTS = 100;
  public static final List<MetricCheck> METRICS = List.of(
      new MetricCheck("errors", MetricType.ERROR_RATE, 0.01, null, null, true),
      new MetricCheck("p99", MetricType.LATENCY, null, 99, 1.25, false));
  public static final OnInconclusive ON_INCONCLUSIVE = OnInconclusive.HOLD;

  public static final Duration KEEP_PREVIOUS_FOR = Duration.ofHours(24);
  public static final int MAX_LIVE_VERSIONS = 2;

  private SpecDefaults() {}

  /** The endpoint host when a spec names none. */
  public static String endpointHost(String serviceName) {
    return serviceName + ENDPOINT_HOST_SUFFIX;
  }

  /** The instance ceiling when a spec names none: 4, or {@code minInstances} when that is larger. */
  public static int maxInstances(int minInstances) {
    return Math.max(MAX_INSTANCES_FLOOR, minInstances);
  }

  /** The whole default endpoint for a service. */
  public static EndpointAddress endpoint(String serviceName) {
    return new EndpointAddress(endpointHost(serviceName), ENDPOINT_PORT);
  }
}
