package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.engine.accounts.Accounts;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /api/v1/events}: the audit trail of one service ({@code service=}) or of the fleet. By default a JSON
 * page {@code {"events": [...], "next": cursor}}; pass {@code cursor=next} for the following page. With
 * {@code Accept: text/event-stream} a live SSE stream instead: each message has the event's id, its type as the SSE
 * event name and its JSON as data; it resumes after {@code Last-Event-ID} (or {@code cursor}), else starts at
 * {@code since}, else now; heartbeats keep it open while nothing happens. Pages start at the cursor, else
 * {@code since}, else at the service's first event (the fleet: the configured look-back).
 */
public final class EventRoutes {
  private static final Set<String> PARAMETERS = Set.of("service", "account", "region", "since", "cursor", "limit");
  private final EventFeed feed;
  private final ServicePlacements placements;
  private final Accounts engineAccounts;
  private final EventJson eventJson;
  private final ApiJson json;
  private final ApiSettings settings;
  private final Clock clock;
  private final ActorSystem<?> system;

  public EventRoutes(EventFeed feed, ServicePlacements placements, Accounts engineAccounts, ApiJson json,
      ApiSettings settings, Clock clock, ActorSystem<?> system) {
    this.feed = feed;
    this.placements = placements;
    this.engineAccounts = engineAccounts;
    this.eventJson = new EventJson(json);
    this.json = json;
    this.settings = settings;
    this.clock = clock;
    this.system = system;
  }

  public Route route() {
    return path("events", () -> get(() -> QueryParameters.only(PARAMETERS, () -> query(query ->
        extractRequest(request -> wantsEventStream(request)
        ? optionalHeaderValueByName("Last-Event-ID", lastEventId -> stream(query, lastEventId))
        : page(query))))));
  }

  private Route query(Function<EventQuery, Route> inner) {
    return parameterOptional("service", service -> parameterOptional("account", account ->
        parameterOptional("region", region -> parameterOptional("since", since ->
            parameterOptional("cursor", cursor -> parameterOptional("limit", limit ->
                inner.apply(EventQuery.parse(service, account, region, since, cursor, limit, settings))))))));
  }

  private Route page(EventQuery query) {
    Source<FeedEvent, NotUsed> events = query.service()
        .map(service -> feed.ofService(service, query.cursor().map(c -> FeedCursor.sequenceNr("cursor", c))
            .orElse(0L), query.since(), false))
        .orElseGet(() -> feed.ofFleet(query.cursor().map(c -> FeedCursor.offset("cursor", c))
            .orElseGet(() -> feed.offsetAt(query.since().orElseGet(this::lookbackStart))), false));
    CompletionStage<List<FeedEvent>> page = located(events, query).take(query.limit()).runWith(Sink.seq(), system);
    return onSuccess(page, found -> complete(json.response(StatusCodes.OK, pageJson(found, query.cursor()))));
  }

  private Route stream(EventQuery query, Optional<String> lastEventId) {
    Optional<String> resumeAfter = lastEventId.filter(id -> !id.isBlank()).or(query::cursor);
    String field = lastEventId.isPresent() ? "Last-Event-ID" : "cursor";
    Instant start = query.since().orElseGet(clock::instant);
    Source<FeedEvent, NotUsed> events = query.service()
        .map(service -> resumeAfter.isPresent()
            ? feed.ofService(service, FeedCursor.sequenceNr(field, resumeAfter.get()), Optional.empty(), true)
            : feed.ofService(service, 0L, Optional.of(start), true))
        .orElseGet(() -> feed.ofFleet(resumeAfter.map(id -> FeedCursor.offset(field, id))
            .orElseGet(() -> feed.offsetAt(start)), true));
    Source<ServerSentEvent, NotUsed> messages = located(events, query)
        .map(event -> ServerSentEvent.create(eventJson.text(event), event.event().type(), event.id()))
        .keepAlive(settings.sseKeepAlive(), ServerSentEvent::heartbeat);
    return completeOK(messages, EventStreamMarshalling.toEventStream());
  }

  /** The events placed in their account and region, and only those of the query's account and region. */
  private Source<FeedEvent, NotUsed> located(Source<FeedEvent, NotUsed> events, EventQuery query) {
    return events.mapAsync(1, placements::locate)
        .filter(event -> query.account().map(wanted -> inAccount(event, wanted)).orElse(true))
        .filter(event -> query.region().map(wanted -> wanted.equals(event.region())).orElse(true));
  }

  /** Whether the event's service deploys to {@code wanted}, named by id or alias either side. */
  private boolean inAccount(FeedEvent event, String wanted) {
    if (event.account() == null) {
      return false;
    }
    return wanted.equals(event.account())
        || engineAccounts.cached(wanted).map(account -> account.isNamed(event.account())).orElse(false);
  }

  private ObjectNode pageJson(List<FeedEvent> events, Optional<String> cursor) {
    ObjectNode page = json.object();
    ArrayNode array = page.putArray("events");
    events.forEach(event -> array.add(eventJson.of(event)));
    // with nothing new, the same cursor again: polling clients keep their place
    Optional<String> next = events.isEmpty() ? cursor : Optional.of(events.get(events.size() - 1).id());
    next.ifPresent(id -> page.put("next", id));
    return page;
  }

  private Instant lookbackStart() {
    return clock.instant().minus(settings.eventsLookback());
  }

  private static boolean wantsEventStream(HttpRequest request) {
    return request.getHeader("Accept").map(HttpHeader::value)
        .filter(accept -> accept.toLowerCase().contains("text/event-stream"))
        .isPresent();
  }
}
