package io.flotilla.engine.health;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code flotilla.cassandra-health}: how often and how patiently Cassandra is probed, what a refused call tells the
 * client to wait ({@code Retry-After}), and how long a read waits for an entity while Cassandra is unavailable.
 */
public record HealthSettings(Duration probeInterval, Duration probeTimeout, int failuresBeforeDown,
    Duration retryAfter, Duration degradedReadTimeout) {

  public static HealthSettings from(Config config) {
    Config health = config.getConfig("flotilla.cassandra-health");
    return new HealthSettings(
        health.getDuration("probe-interval"),
        health.getDuration("probe-timeout"),
        health.getInt("failures-before-down"),
        health.getDuration("retry-after"),
        health.getDuration("degraded-read-timeout"));
  }
}
