package io.flotilla.api;

import io.flotilla.engine.fleet.FleetQuery;
import io.flotilla.engine.fleet.FleetView;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The fleet list from the node's copy of the fleet read model: no entity is asked. */
public final class FleetViewDirectory implements ServiceDirectory {
  private final FleetView fleet;

  public FleetViewDirectory(FleetView fleet) {
    this.fleet = fleet;
  }

  @Override
  public boolean lists(String name) {
    return fleet.lists(name);
  }

  @Override
  public CompletionStage<Page> list(Filter filter, Optional<String> cursor, int offset, int limit) {
    FleetQuery query = new FleetQuery(filter.accountNames(), filter.region(), filter.team(), filter.phase(),
        filter.q(), cursor, offset, limit);
    return fleet.query(query).thenApply(page -> new Page(page.rows().stream().map(ServiceSummary::of).toList(),
        page.offset(), page.limit(), page.next(), page.total(), page.nextCursor()));
  }
}
