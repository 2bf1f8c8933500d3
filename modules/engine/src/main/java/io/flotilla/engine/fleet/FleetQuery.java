package io.flotilla.engine.fleet;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which services to list and which page of them. An empty criterion matches all: {@code accountNames} holds the
 * names (id and alias) of the one account asked for, any of which a service may name; {@code phase} compares
 * case-insensitively with {@link FleetRow#phase()}; {@code q} is a case-insensitive substring of the service name (names
 * are lower case).
 * Pages are in service-name order: {@code after} (a cursor: the last name of the previous page) starts the page after
 * that name, then {@code offset} skips that many more.
 */
public record FleetQuery(Optional<Set<String>> accountNames, Optional<String> region, Optional<String> team,
    Optional<String> phase, Optional<String> q, Optional<String> after, int offset, int limit) {

  public FleetQuery {
    q = q.map(text -> text.toLowerCase(Locale.ROOT));
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
    }
  }

  /** Everything, first page of {@code limit}. */
  public static FleetQuery all(int limit) {
    return new FleetQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), 0, limit);
  }

  boolean matches(FleetRow row) {
    return row.listed()
        && accountNames.map(names -> names.contains(row.account())).orElse(true)
        && region.map(wanted -> wanted.equals(row.region())).orElse(true)
        && team.map(wanted -> wanted.equals(row.team())).orElse(true)
        && phase.map(wanted -> wanted.equalsIgnoreCase(row.phase())).orElse(true)
        && q.map(row.service()::contains).orElse(true);
  }
}
