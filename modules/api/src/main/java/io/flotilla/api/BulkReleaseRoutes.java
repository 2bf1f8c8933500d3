package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.bulk.BulkReleases;
import io.flotilla.engine.bulk.BulkRequest;
import io.flotilla.engine.bulk.BulkReply;
import io.flotilla.engine.bulk.BulkView;
import io.flotilla.engine.bulk.ItemStatus;
import io.flotilla.model.FieldError;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Bulk releases: {@code POST /releases} {@code {"items": [{"service", "version"}...], "maxConcurrent",
 * "failureBudget", "allOrNothing"}} answers 202 with the bulk's id and which items were accepted (invalid ones with
 * their errors); {@code GET /releases/{id}} the bulk with one page of items ({@code offset}, {@code limit},
 * {@code state}); {@code POST /releases/{id}/cancel}. The request is checked here and persisted as one event; no
 * endpoint is asked before the answer. An {@code Idempotency-Key} names the bulk: the same key and request answer
 * 200 with the same bulk from any node, the same key with another request 422.
 */
public final class BulkReleaseRoutes {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 500;
  private static final Set<String> VIEW_PARAMETERS = Set.of("offset", "limit", "state");

  private final BulkReleases bulks;
  private final ApiJson json;
  private final BulkTeams teams;
  private final long maxBodySize;

  public BulkReleaseRoutes(BulkReleases bulks, ApiJson json, BulkTeams teams, long maxBodySize) {
    this.bulks = bulks;
    this.json = json;
    this.teams = teams;
    this.maxBodySize = maxBodySize;
  }

  /**
   * The routes as {@code principal} may use them: anyone reads; a deployer may start a bulk whose every service is
   * of its teams (else the whole request is refused, 403 naming the others); cancelling needs admin, since a bulk
   * may span teams.
   */
  public Route route(Principal principal) {
    return pathPrefix("releases", () -> concat(
        pathEndOrSingleSlash(() -> post(() -> Access.require(principal, Role.DEPLOYER, "POST a bulk release",
            () -> withSizeLimit(maxBodySize, () -> QueryParameters.none(() -> create(principal)))))),
        pathPrefix(segment(), id -> concat(
            pathEnd(() -> get(() -> QueryParameters.only(VIEW_PARAMETERS, () -> view(id)))),
            path("cancel", () -> post(() -> Access.require(principal, Role.ADMIN, "cancelling a bulk release",
                () -> QueryParameters.none(() -> cancel(id, principal)))))))));
  }

  private Route create(Principal principal) {
    return RequestBodies.optionalJsonText(text -> optionalHeaderValueByName("Idempotency-Key", key -> {
      key.ifPresent(BulkReleaseRoutes::checkKey);
      BulkRequestReader.Read read = BulkRequestReader.read(text, bulks.settings());
      String id = key.map(BulkReleases::idForKey).orElseGet(BulkReleases::newId);
      return completeWithFuture(teams.check(principal, read)
          .thenCompose(allowed -> bulks.create(id, read.request(), principal.name()))
          .thenApply(reply -> created(id, read, reply)));
    }));
  }

  private Route view(String id) {
    requireId(id);
    return parameterOptional("offset", offset -> parameterOptional("limit", limit ->
        parameterOptional("state", state -> {
          int from = offset.map(text -> Paging.number("offset", text, 0, Integer.MAX_VALUE)).orElse(0);
          int size = limit.map(text -> Paging.number("limit", text, 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
          ItemStatus only = state.map(BulkReleaseRoutes::itemStatus).orElse(null);
          return completeWithFuture(bulks.get(id, from, size, only).thenApply(reply -> reply instanceof BulkView view
              ? json.response(StatusCodes.OK, view) : rejected(reply)));
        })));
  }

  private Route cancel(String id, Principal principal) {
    requireId(id);
    return completeWithFuture(bulks.cancel(id, principal.name()).thenApply(reply -> {
      if (reply instanceof BulkReply.Accepted accepted) {
        ObjectNode body = json.object();
        body.put("outcome", accepted.outcome());
        body.put("message", accepted.message());
        body.set("bulk", json.tree(accepted.bulk()));
        return json.response(accepted.outcome().equals("cancelled") ? StatusCodes.ACCEPTED : StatusCodes.OK, body);
      }
      return rejected(reply);
    }));
  }

  /** 202 for a new bulk, 200 for the same request made again (marked replayed), 422 for another request. */
  private HttpResponse created(String id, BulkRequestReader.Read read, BulkReply reply) {
    if (!(reply instanceof BulkReply.Accepted accepted)) {
      return rejected(reply);
    }
    boolean created = accepted.outcome().equals("created");
    ObjectNode body = json.object();
    body.put("id", id);
    body.put("created", created);
    body.put("state", accepted.bulk().state());
    body.put("items", read.request().size());
    body.put("accepted", read.accepted());
    ArrayNode invalid = body.putArray("invalid");
    for (Map.Entry<Integer, List<FieldError>> entry : read.invalid().entrySet()) {
      BulkRequest.Item item = read.request().item(entry.getKey());
      ObjectNode node = invalid.addObject();
      node.put("index", entry.getKey());
      node.put("service", item.service());
      node.put("version", item.version());
      ArrayNode errors = node.putArray("errors");
      entry.getValue().forEach(error -> errors.addObject().put("field", error.field()).put("message", error.message()));
    }
    body.put("maxConcurrent", read.request().maxConcurrent());
    body.put("failureBudget", read.request().failureBudget());
    body.put("allOrNothing", read.request().allOrNothing());
    String location = "/api/v1/releases/" + id;
    body.put("location", location);
    HttpResponse response = json.response(created ? StatusCodes.ACCEPTED : StatusCodes.OK, body)
        .addHeader(Location.create(location));
    return created ? response : response.addHeader(RawHeader.create(IdempotencyCache.REPLAYED_HEADER, "true"));
  }

  private HttpResponse rejected(BulkReply reply) {
    if (reply instanceof BulkReply.Rejected rejected) {
      return switch (rejected.code()) {
        case NOT_FOUND -> error(StatusCodes.NOT_FOUND, ApiError.NOT_FOUND, rejected.message());
        case CONFLICT -> error(StatusCodes.CONFLICT, ApiError.CONFLICT, rejected.message());
        case KEY_REUSED -> error(StatusCodes.UNPROCESSABLE_ENTITY, ApiError.IDEMPOTENCY_KEY_REUSED,
            "Idempotency-Key was already used for a different bulk release (" + rejected.message() + ")");
      };
    }
    throw new IllegalStateException("unexpected reply from a bulk release: " + reply.getClass().getSimpleName());
  }

  private HttpResponse error(StatusCode status, String code, String message) {
    return json.response(status, ApiError.of(code, message));
  }

  private static void checkKey(String key) {
    if (key.isEmpty() || key.length() > IdempotencyCache.MAX_KEY_LENGTH) {
      throw ApiException.invalid("Idempotency-Key", "must be 1 to " + IdempotencyCache.MAX_KEY_LENGTH + " characters");
    }
  }

  private static void requireId(String id) {
    if (!BulkReleases.ID.matcher(id).matches()) {
      throw ApiException.notFound("no bulk release " + id);
    }
  }

  private static ItemStatus itemStatus(String text) {
    return ItemStatus.fromDisplay(text).orElseThrow(() -> ApiException.invalid("state", "must be one of "
        + String.join(", ", Arrays.stream(ItemStatus.values()).map(ItemStatus::display).toList())));
  }
}
