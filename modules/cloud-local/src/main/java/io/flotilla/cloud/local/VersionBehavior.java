package io.flotilla.cloud.local;

import java.time.Duration;
import java.util.Objects;

/**
 * How the demo image behaves for one version: response latency, the fraction of requests answered 500, the time
 * before its health check passes, whether it ever passes, and an optional crash {@code crashAfter} start (zero:
 * never).
 */
public record VersionBehavior(
    LatencyDistribution latency, double errorRate, Duration startup, boolean healthy, Duration crashAfter) {
  /** What versions missing from every catalog get: fast, no errors, up in a second. */
  public static final VersionBehavior WELL_BEHAVED = new VersionBehavior(
      LatencyDistribution.of(Duration.ofMillis(5), Duration.ofMillis(20)), 0, Duration.ofSeconds(1), true, Duration.ZERO);

  public VersionBehavior {
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(startup, "startup");
    Objects.requireNonNull(crashAfter, "crashAfter");
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("errorRate must be between 0 and 1, got " + errorRate);
    }
    if (startup.isNegative() || crashAfter.isNegative()) {
      throw new IllegalArgumentException("startup and crashAfter must not be negative");
    }
  }

  public VersionBehavior withLatency(LatencyDistribution value) {
    return new VersionBehavior(value, errorRate, startup, healthy, crashAfter);
  }

  public VersionBehavior withErrorRate(double value) {
    return new VersionBehavior(latency, value, startup, healthy, crashAfter);
  }

  public VersionBehavior withStartup(Duration value) {
    return new VersionBehavior(latency, errorRate, value, healthy, crashAfter);
  }

  public VersionBehavior withHealthy(boolean value) {
    return new VersionBehavior(latency, errorRate, startup, value, crashAfter);
  }

  public VersionBehavior withCrashAfter(Duration value) {
    return new VersionBehavior(latency, errorRate, startup, healthy, value);
  }
}
