package io.flotilla.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The fleet view behind {@code GET /api/v1/services}: one page of service summaries matching a filter. Today's
 * implementation asks every entity ({@link JournalServiceDirectory}); the FleetView read model (DESIGN §8)
 * replaces it behind this interface.
 */
public interface ServiceDirectory {

  CompletionStage<Page> list(Filter filter, int offset, int limit);

  /**
   * Which services to list; an empty criterion matches all. {@code phase} compares case-insensitively with
   * {@link ServiceSummary#phase()}.
   */
  /** {@code accountNames}: the names (id and alias) of the one account asked for, any of which a spec may use. */
  record Filter(Optional<Set<String>> accountNames, Optional<String> region, Optional<String> team,
      Optional<String> phase) {
    boolean matches(ServiceSummary summary) {
      return accountNames.map(names -> names.contains(summary.account())).orElse(true)
          && region.map(summary.region()::equals).orElse(true)
          && team.map(summary.team()::equals).orElse(true)
          && phase.map(summary.phase()::equalsIgnoreCase).orElse(true);
    }
  }

  /** Services in name order from {@code offset}; {@code next} is the offset of the following page, if there is one. */
  record Page(List<ServiceSummary> services, int offset, int limit, Integer next) {
    public Page {
      services = List.copyOf(services);
    }
  }
}
