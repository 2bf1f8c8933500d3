package io.flotilla.engine.sweeper;

import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.InventoryPort;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a sweep talks to: the inventory it scans, the environments it deletes, the services it asks, and the bound on
 * each cloud call and each question.
 */
record SweepParts(
    InventoryPort inventory,
    EnvironmentPort environments,
    EnvironmentOwnership ownership,
    Duration cloudCallTimeout,
    Duration askTimeout) {

  OrphanSearch search(SweeperSettings settings, ActorSystem<?> system) {
    return new OrphanSearch(inventory, ownership, settings.owner(), settings.parallelism(), cloudCallTimeout,
        askTimeout, system);
  }

  OrphanCollector collector(SweeperSettings settings, ActorSystem<?> system) {
    return new OrphanCollector(environments, settings.parallelism(), cloudCallTimeout, system);
  }
}
