package io.flotilla.cloud;

import java.util.concurrent.CompletionStage;

/** Lists what Flotilla created in an account and region, by tag, covering many endpoints per call. */
public interface InventoryPort {
  CompletionStage<Inventory> scan(Placement placement);
}
