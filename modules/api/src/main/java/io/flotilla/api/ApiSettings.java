package io.flotilla.api;

import com.typesafe.config.Config;
import java.time.Duration;

/** Settings of the HTTP API, from {@code flotilla.api} in configuration. */
public record ApiSettings(
    long maxBodySize,
    long maxBulkBodySize,
    long maxCommandBodySize,
    Duration sseKeepAlive,
    Duration eventsLookback,
    int eventsDefaultLimit,
    int eventsMaxLimit,
    Duration idempotencyTtl,
    int idempotencyMaxEntries,
    Duration readinessTimeout) {

  public static ApiSettings from(Config config) {
    Config api = config.getConfig("flotilla.api");
    return new ApiSettings(
        api.getBytes("max-body-size"),
        api.getBytes("max-bulk-body-size"),
        api.getBytes("max-command-body-size"),
        api.getDuration("sse-keep-alive"),
        api.getDuration("events-lookback"),
        api.getInt("events-default-limit"),
        api.getInt("events-max-limit"),
        api.getDuration("idempotency-ttl"),
        api.getInt("idempotency-max-entries"),
        api.getDuration("readiness-timeout"));
  }
}
