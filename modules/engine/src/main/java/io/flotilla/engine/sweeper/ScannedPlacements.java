package io.flotilla.engine.sweeper;

import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.Placement;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An inventory port that remembers every placement scanned through it, since this node started. Wrapped around the
 * port the endpoints reconcile with, it tells the sweeper which placements are in use (those of the entities on this
 * node) until accounts are registered explicitly.
 */
public final class ScannedPlacements implements InventoryPort, Supplier<Set<Placement>> {
  private final InventoryPort inventory;
  private final Set<Placement> seen = ConcurrentHashMap.newKeySet();

  public ScannedPlacements(InventoryPort inventory) {
    this.inventory = inventory;
  }

  @Override
  public CompletionStage<Inventory> scan(Placement placement) {
    seen.add(placement);
    return inventory.scan(placement);
  }

  @Override
  public Set<Placement> get() {
    return Set.copyOf(seen);
  }
}
