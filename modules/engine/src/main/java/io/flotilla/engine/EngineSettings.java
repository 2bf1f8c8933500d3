package io.flotilla.engine;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Timing of the engine, from {@code flotilla.engine} in configuration: how often entities tick and reconcile, how
 * fresh an inventory scan must be, how children retry cloud calls.
 */
public record EngineSettings(
    Duration tickInterval,
    Duration reconcileInterval,
    Duration inventoryMaxAge,
    Duration provisionPollInterval,
    Duration cloudCallTimeout,
    Duration retryMinBackoff,
    Duration retryMaxBackoff,
    int trafficAttempts,
    Duration askTimeout,
    String owner) {

  public static EngineSettings from(Config config) {
    Config engine = config.getConfig("flotilla.engine");
    return new EngineSettings(
        engine.getDuration("tick-interval"),
        engine.getDuration("reconcile-interval"),
        engine.getDuration("inventory-max-age"),
        engine.getDuration("provision-poll-interval"),
        engine.getDuration("cloud-call-timeout"),
        engine.getDuration("retry-min-backoff"),
        engine.getDuration("retry-max-backoff"),
        engine.getInt("traffic-attempts"),
        engine.getDuration("ask-timeout"),
        config.getString("flotilla.owner"));
  }

  /** Backoff before attempt {@code attempt} (1-based), doubling up to the maximum, with jitter. */
  public Duration backoff(int attempt) {
    long base = retryMinBackoff.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, retryMaxBackoff.toMillis());
    long jitter = (long) (capped * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(capped - jitter);
  }
}
