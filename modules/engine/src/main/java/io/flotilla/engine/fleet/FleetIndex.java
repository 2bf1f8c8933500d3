package io.flotilla.engine.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A node's copy of the fleet view, sorted by service name, answering queries from memory. Rows only move forward:
 * a row replaces the one held only if its sequence number is higher, so loads from the table and pushed updates may
 * arrive in any order. A query reads every row once (filters, the total count, then the page): about a millisecond
 * at ten thousand services.
 */
public final class FleetIndex {
  private final ConcurrentSkipListMap<String, FleetRow> rows = new ConcurrentSkipListMap<>();

  public void put(FleetRow row) {
    rows.merge(row.service(), row, (held, offered) -> offered.seqNr() > held.seqNr() ? offered : held);
  }

  public void putAll(Collection<FleetRow> changed) {
    changed.forEach(this::put);
  }

  /** The row of a service, listed or not. */
  public Optional<FleetRow> get(String service) {
    return Optional.ofNullable(rows.get(service));
  }

  public FleetPage query(FleetQuery query) {
    int total = 0;
    int skipped = 0;
    List<FleetRow> page = new ArrayList<>(Math.min(query.limit() + 1, 1024));
    String after = query.after().orElse(null);
    for (FleetRow row : rows.values()) {
      if (!query.matches(row)) {
        continue;
      }
      total++;
      if (after != null && row.service().compareTo(after) <= 0) {
        continue;
      }
      if (skipped < query.offset()) {
        skipped++;
      } else if (page.size() <= query.limit()) {
        page.add(row);
      }
    }
    boolean more = page.size() > query.limit();
    List<FleetRow> shown = more ? page.subList(0, query.limit()) : page;
    return new FleetPage(shown, total, query.offset(), query.limit(), more ? query.offset() + query.limit() : null,
        more ? shown.get(shown.size() - 1).service() : null);
  }
}
