package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import io.flotilla.engine.FlotillaEngine;
import io.flotilla.engine.health.CassandraHealth;
import io.flotilla.engine.health.StoreUnavailableException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The v1 HTTP API of one node: services, releases, the event feed and health, with one JSON error shape for every
 * failure; the dashboard at {@code /}. The server binds {@link #routes(FlotillaEngine, ActorSystem)}; tests and later read models pass their
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

    /** The production parts: Cassandra's read journal, the fleet read model, cluster, Cassandra and fleet checks. */
    public static Parts cassandra(FlotillaEngine engine, ActorSystem<?> system) {
      ApiSettings settings = ApiSettings.from(system.settings().config());
      EventJournal journal = EventJournal.cassandra(system);
      ServiceDirectory directory = new FleetViewDirectory(engine.fleet());
      return new Parts(journal, directory, List.of(
          ReadinessCheck.clusterMemberUp(system),
          ReadinessCheck.cassandra(system, CASSANDRA_SESSION, settings.readinessTimeout()),
          ReadinessCheck.fleetView(engine.fleet())), Clock.systemUTC());
    }
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
    Route v1 = concat(
        new ServiceRoutes(engine.endpoints(), engine.accounts(), parts.directory(), feed, json, system,
            engine.cassandraHealth()).route(),
        new AccountRoutes(engine.accounts(), json).route(),
        new ReleaseRoutes(engine.endpoints(), json, idempotency).route(),
        new BulkReleaseRoutes(engine.bulkReleases(), json).route(),
        new OrphanRoutes(engine.sweeper(), json).route(),
        new ClusterRoutes(system, json).route(),
        new EventRoutes(feed, new ServicePlacements(engine.endpoints()), engine.accounts(), json, settings,
            parts.clock(), system).route());
    Route all = concat(
        new HealthRoutes(parts.readiness(), json).route(),
        new MetricsRoutes(parts.metrics()).route(),
        pathPrefix("api", () -> pathPrefix("v1", () -> refuseChangesWhileUnavailable(engine.cassandraHealth(), v1))),
        new DashboardRoutes().route());
    ApiExceptionHandler exceptions = new ApiExceptionHandler(json, settings.maxBodySize(),
        engine.cassandraHealth().settings().retryAfter());
    ApiRejectionHandler rejections = new ApiRejectionHandler(json, settings.maxBodySize());
    return handleExceptions(exceptions.handler(), () -> handleRejections(rejections.handler(),
        () -> withSizeLimit(settings.maxBodySize(), () -> all)));
  }
}
