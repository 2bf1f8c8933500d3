package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.sweeper.Sweeper;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Stacks Flotilla created that no endpoint knows: {@code GET /orphans} answers the last sweep's report (an empty one
 * with {@code "sweeps": 0} before the first sweep); {@code POST /orphans/sweep}, with an optional
 * {@code {"dryRun": true|false}} (default: the configured mode), runs a sweep now and answers its report. A sweep
 * may take longer than ordinary requests; one that outlasts the sweeper's timeout answers 503 and goes on in the
 * background.
 */
public final class OrphanRoutes {
  private static final String DRY_RUN = "dryRun";
  // the sweeper's own timeout answers first, as a JSON error
  private static final Duration HTTP_MARGIN = Duration.ofSeconds(5);

  private final Sweeper sweeper;
  private final ApiJson json;

  public OrphanRoutes(Sweeper sweeper, ApiJson json) {
    this.sweeper = sweeper;
    this.json = json;
  }

  /** The routes as {@code principal} may use them: anyone reads the report; a sweep (it may delete) needs admin. */
  public Route route(Principal principal) {
    return pathPrefix("orphans", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> QueryParameters.none(this::lastReport))),
        path("sweep", () -> post(() -> Access.require(principal, Role.ADMIN, "POST /orphans/sweep",
            () -> withRequestTimeout(sweeper.settings().sweepTimeout().plus(HTTP_MARGIN),
                () -> QueryParameters.none(this::sweep)))))));
  }

  private Route lastReport() {
    return completeWithFuture(sweeper.lastReport().thenApply(report -> json.response(StatusCodes.OK, report)));
  }

  private Route sweep() {
    return RequestBodies.optionalJsonText(text -> {
      boolean dryRun = dryRunOf(RequestBodies.jsonObject(text, Set.of(DRY_RUN)));
      return completeWithFuture(sweeper.sweepNow(dryRun).thenApply(report -> json.response(StatusCodes.OK, report)));
    });
  }

  private boolean dryRunOf(ObjectNode body) {
    JsonNode value = body.get(DRY_RUN);
    if (value == null || value.isNull()) {
      return sweeper.settings().dryRun();
    }
    if (!value.isBoolean()) {
      throw ApiException.invalid(DRY_RUN, "must be true or false");
    }
    return value.booleanValue();
  }
}
