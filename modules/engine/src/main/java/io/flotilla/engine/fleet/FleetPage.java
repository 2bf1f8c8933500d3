package io.flotilla.engine.fleet;

import java.util.List;

/**
 * One page of the fleet view: the rows, how many services match in all ({@code total}, whatever the page), and how
 * to ask for the next page when there is one: {@code next} as an offset from the same start, {@code nextCursor} as
 * the cursor that starts right after this page (stable while services come and go).
 */
public record FleetPage(List<FleetRow> rows, int total, int offset, int limit, Integer next, String nextCursor) {
  public FleetPage {
    rows = List.copyOf(rows);
  }
}
