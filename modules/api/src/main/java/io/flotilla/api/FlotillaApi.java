package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import io.flotilla.engine.FlotillaEngine;
import io.flotilla.engine.health.CassandraHealth;
import io.flotilla.engine.health.StoreUnavailableException;
import io.flotilla.model.DocumentText;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * The v1 HTTP API of one node: services, releases, the event feed and health, with one JSON error shape for every
 * failure; the dashboard at {@code /}. Everything but health and the dashboard's static files needs a bearer token
 * (see {@link Access}, {@link AuthSettings}). The server binds {@link #routes(FlotillaEngine, ActorSystem)}; tests and later read models pass their
 * own parts through {@link #routes(FlotillaEngine, ActorSystem, Parts)}.
 */
public final class FlotillaApi {
  /** The session pekko-persistence-cassandra's journal uses; readiness asks Cassandra through it. */
  static final String CASSANDRA_SESSION = "pekko.persistence.cassandra";
  /** Methods that change nothing: answered while Cassandra is unavailable; every other one is refused then. */
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private FlotillaApi() {}

  /** What the routes read besides the engine: the journal, the fleet view, readiness checks and the clock. */
  public record Parts(EventJournal journal, ServiceDirectory directory, List<ReadinessCheck> readiness, Clock clock,
      List<MetricsSource> metrics) {
    public Parts {
      readiness = List.copyOf(readiness);
      metrics = List.copyOf(metrics);
    }

    public Parts(EventJournal journal, ServiceDirectory directory, List<ReadinessCheck> readiness, Clock clock) {
      this(journal, directory, readiness, clock, List.of());
    }

    /** These parts, with more sources for {@code /metrics}. */
    public Parts withMetrics(List<MetricsSource> more) {
      List<MetricsSource> all = new java.util.ArrayList<>(metrics);
      all.addAll(more);
      return new Parts(journal, directory, readiness, clock, all);
    }

    /**
     * The production parts: Cassandra's read journal, the fleet read model, and the readiness checks (not shutting
     * down, member Up, Cassandra answers, fleet view loaded).
     */
    public static Parts cassandra(FlotillaEngine engine, ActorSystem<?> system) {
      ApiSettings settings = ApiSettings.from(system.settings().config());
      EventJournal journal = EventJournal.cassandra(system);
      ServiceDirectory directory = new FleetViewDirectory(engine.fleet());
      return new Parts(journal, directory, List.of(
          ReadinessCheck.notShuttingDown(system),
          ReadinessCheck.clusterMemberUp(system),
          ReadinessCheck.cassandra(system, CASSANDRA_SESSION, settings.readinessTimeout()),
          ReadinessCheck.fleetView(engine.fleet())), Clock.systemUTC());
    }
  }

  /**
   * The settings to bind the API with: Pekko HTTP's from configuration, with requests it cannot parse answered in
   * the API's JSON error shape ({@link JsonParsingErrorHandler}).
   */
  public static ServerSettings serverSettings(ActorSystem<?> system) {
    return ServerSettings.create(system.classicSystem())
        .withParsingErrorHandler(JsonParsingErrorHandler.class.getName());
  }

  /**
   * Refuses requests whose framing Pekko's parser got wrong, rather than act on a request the client did not send.
   * A {@code Content-Length} it could not parse ({@code abc}, {@code -1}) arrives as a raw header with an empty body
   * (a valid one never shows as a header: it is the entity's length). A byte that is not UTF-8 at the end of a
   * header value swallows the line break and the next header line into the value: that next header, often
   * {@code Content-Length}, is lost.
   */
  private static Route framed(ApiJson json, Supplier<Route> inner) {
    return extractRequest(request -> {
      if (request.getHeader("Content-Length").isPresent()) {
        return complete(json.response(StatusCodes.BAD_REQUEST, ApiError.of(ApiError.INVALID_REQUEST,
            "malformed Content-Length header: it must be the body's length in bytes")));
      }
      for (HttpHeader header : request.getHeaders()) {
        if (header.value().indexOf('\r') >= 0 || header.value().indexOf('\n') >= 0) {
          return complete(json.response(StatusCodes.BAD_REQUEST, ApiError.of(ApiError.INVALID_REQUEST,
              "malformed header " + DocumentText.printable(header.name()) + ": a byte that is not UTF-8 ran into "
                  + "the next line")));
        }
      }
      return inner.get();
    });
  }

  /** While Cassandra is unavailable every change is refused (503) before anything is asked: nothing can persist it. */
  private static Route refuseChangesWhileUnavailable(CassandraHealth health, Route inner) {
    return extractMethod(method -> {
      if (!READS.contains(method.name()) && !health.available()) {
        throw new StoreUnavailableException(health.status(), false);
      }
      return inner;
    });
  }

  public static Route routes(FlotillaEngine engine, ActorSystem<?> system) {
    return routes(engine, system, Parts.cassandra(engine, system));
  }

  public static Route routes(FlotillaEngine engine, ActorSystem<?> system, Parts parts) {
    ApiSettings settings = ApiSettings.from(system.settings().config());
    ApiJson json = ApiJson.create(system);
    EventFeed feed = new EventFeed(parts.journal());
    IdempotencyCache idempotency = new IdempotencyCache(settings.idempotencyTtl(), settings.idempotencyMaxEntries(),
        parts.clock());
    Access access = new Access(AuthSettings.from(system.settings().config()), json);
    ServiceRoutes services = new ServiceRoutes(engine.endpoints(), engine.accounts(), parts.directory(), feed, json,
        system, engine.cassandraHealth());
    AccountRoutes accounts = new AccountRoutes(engine.accounts(), json);
    ReleaseRoutes releases = new ReleaseRoutes(engine.endpoints(), json, idempotency);
    BulkReleaseRoutes bulks = new BulkReleaseRoutes(engine.bulkReleases(), json,
        new BulkTeams(parts.directory(), new ServiceTeams(engine.endpoints())), settings.maxBulkBodySize());
    OrphanRoutes orphans = new OrphanRoutes(engine.sweeper(), json);
    Route cluster = new ClusterRoutes(system, json).route();
    Route events = new EventRoutes(feed, new ServicePlacements(engine.endpoints()), engine.accounts(), json, settings,
        parts.clock(), system).route();
    // reading needs any principal (viewer and up); each area checks the role and team of its changes
    Function<Principal, Route> v1 = principal -> concat(
        services.route(principal),
        withSizeLimit(settings.maxCommandBodySize(), () -> concat(
            accounts.route(principal),
            releases.route(principal),
            orphans.route(principal))),
        bulks.route(principal),
        cluster,
        events);
    Route all = concat(
        new HealthRoutes(parts.readiness(), json).route(),
        new MetricsRoutes(parts.metrics()).route(access),
        pathPrefix("api", () -> access.authenticated(principal -> pathPrefix("v1",
            () -> refuseChangesWhileUnavailable(engine.cassandraHealth(), v1.apply(principal))))),
        new DashboardRoutes().route());
    ApiExceptionHandler exceptions = new ApiExceptionHandler(json, settings.maxBodySize(),
        engine.cassandraHealth().settings().retryAfter());
    ApiRejectionHandler rejections = new ApiRejectionHandler(json, settings.maxBodySize());
    return handleExceptions(exceptions.handler(), () -> handleRejections(rejections.handler(),
        () -> framed(json, () -> withSizeLimit(settings.maxBodySize(), () -> all))));
  }
}
