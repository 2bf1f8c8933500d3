package io.flotilla.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The fleet view behind {@code GET /api/v1/services}: one page of service summaries matching a filter, in service
 * name order. {@link FleetViewDirectory} answers from the fleet read model.
 */
public interface ServiceDirectory {

  /**
   * Services matching {@code filter}: after {@code cursor} (the last name of the previous page) when given, then
   * skipping {@code offset}, at most {@code limit}.
   */
  CompletionStage<Page> list(Filter filter, Optional<String> cursor, int offset, int limit);

  /** Whether {@code name} is a registered service as far as this node's copy knows, without asking Cassandra. */
  boolean lists(String name);

  /**
   * Which services to list; an empty criterion matches all. {@code accountNames}: the names (id and alias) of the
   * one account asked for, any of which a spec may use; {@code phase} compares case-insensitively with
   * {@link ServiceSummary#phase()}; {@code q} is a case-insensitive substring of the service name.
   */
  record Filter(Optional<Set<String>> accountNames, Optional<String> region, Optional<String> team,
      Optional<String> phase, Optional<String> q) {}

  /**
   * One page: {@code next} is the offset of the following page and {@code nextCursor} the cursor that starts it, if
   * there is one; {@code total} counts every service matching the filter.
   */
  record Page(List<ServiceSummary> services, int offset, int limit, Integer next, int total, String nextCursor) {
    public Page {
      services = List.copyOf(services);
    }
  }
}
