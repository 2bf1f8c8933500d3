package io.flotilla.cloud.local;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LocalCloud}.
 *
 * <p>{@code healthCheckInterval} replaces the spec's {@code healthCheck.intervalSeconds} for local instances: probing
 * loopback every second (instead of every 10 s) makes environments healthy in seconds, which is what a demo or a test
 * wants; the spec's path and healthy threshold are honoured. Metrics keep at most {@code metricsRetention} of samples
 * and at most {@code maxSamplesPerEnvironment} per environment (the oldest go first). The {@code clock} stamps
 * metric samples and inventory scans and decides when an instance's startup time has passed.
 */
public record LocalCloudConfig(
    DemoCatalog catalog,
    String bindHost,
    Duration healthCheckInterval,
    Duration metricsRetention,
    int maxSamplesPerEnvironment,
    Clock clock) {
  public static final String LOOPBACK = "127.0.0.1";
  public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_METRICS_RETENTION = Duration.ofMinutes(15);
  public static final int DEFAULT_MAX_SAMPLES = 200_000;

  public LocalCloudConfig {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(clock, "clock");
    if (healthCheckInterval.isNegative() || healthCheckInterval.isZero()) {
      throw new IllegalArgumentException("healthCheckInterval must be positive");
    }
    if (metricsRetention.isNegative() || metricsRetention.isZero()) {
      throw new IllegalArgumentException("metricsRetention must be positive");
    }
    if (maxSamplesPerEnvironment < 1) {
      throw new IllegalArgumentException("maxSamplesPerEnvironment must be at least 1");
    }
  }

  /** The built-in catalog, loopback, 1 s health checks, 15 min / 200k samples of metrics, the system clock. */
  public static LocalCloudConfig defaults() {
    return new LocalCloudConfig(DemoCatalog.defaults(), LOOPBACK, DEFAULT_HEALTH_CHECK_INTERVAL,
        DEFAULT_METRICS_RETENTION, DEFAULT_MAX_SAMPLES, Clock.systemUTC());
  }

  public LocalCloudConfig withCatalog(DemoCatalog value) {
    return new LocalCloudConfig(value, bindHost, healthCheckInterval, metricsRetention, maxSamplesPerEnvironment, clock);
  }

  public LocalCloudConfig withHealthCheckInterval(Duration value) {
    return new LocalCloudConfig(catalog, bindHost, value, metricsRetention, maxSamplesPerEnvironment, clock);
  }

  public LocalCloudConfig withMetricsRetention(Duration value) {
    return new LocalCloudConfig(catalog, bindHost, healthCheckInterval, value, maxSamplesPerEnvironment, clock);
  }

  public LocalCloudConfig withMaxSamplesPerEnvironment(int value) {
    return new LocalCloudConfig(catalog, bindHost, healthCheckInterval, metricsRetention, value, clock);
  }

  public LocalCloudConfig withClock(Clock value) {
    return new LocalCloudConfig(catalog, bindHost, healthCheckInterval, metricsRetention, maxSamplesPerEnvironment, value);
  }
}
