package io.flotilla.engine.fleet;

import com.typesafe.config.Config;
import java.time.Duration;

/** Settings of the fleet view, from {@code flotilla.fleet} in configuration. */
public record FleetSettings(
    int groupAfterEvents,
    Duration groupAfterDuration,
    Duration reloadInterval,
    Duration reloadRetry,
    int publishChunk,
    Duration loadTimeout) {

  public static FleetSettings from(Config config) {
    Config fleet = config.getConfig("flotilla.fleet");
    return new FleetSettings(
        fleet.getInt("group-after-events"),
        fleet.getDuration("group-after-duration"),
        fleet.getDuration("reload-interval"),
        fleet.getDuration("reload-retry"),
        fleet.getInt("publish-chunk"),
        fleet.getDuration("load-timeout"));
  }
}
