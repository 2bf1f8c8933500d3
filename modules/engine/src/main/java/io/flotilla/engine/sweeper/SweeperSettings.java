package io.flotilla.engine.sweeper;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The orphan sweeper's configuration, from {@code flotilla.engine.sweeper}: whether it sweeps on its own every
 * {@code interval}, whether it only reports ({@code dryRun}), how long a stack must stay orphaned before it is
 * deleted, whose stacks it considers ({@code owner}, the {@code flotilla:owner} tag value), how long a sweep asked
 * for through the API may take, and how many scans, questions and deletes run at once.
 */
public record SweeperSettings(
    boolean enabled,
    boolean dryRun,
    Duration interval,
    Duration gracePeriod,
    String owner,
    Duration sweepTimeout,
    int parallelism) {

  public static SweeperSettings from(Config config) {
    Config sweeper = config.getConfig("flotilla.engine.sweeper");
    return new SweeperSettings(
        sweeper.getBoolean("enabled"),
        sweeper.getBoolean("dry-run"),
        sweeper.getDuration("interval"),
        sweeper.getDuration("grace-period"),
        config.getString("flotilla.owner"),
        sweeper.getDuration("sweep-timeout"),
        sweeper.getInt("parallelism"));
  }
}
