package io.flotilla.engine.health;

import io.flotilla.engine.fleet.FleetTable;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Starts a node's {@link CassandraHealth}: a trivial query ({@code release_version} of {@code system.local}) every
 * {@code probe-interval}, the next one only after the last has answered or timed out. It runs on the fleet view's
 * session (the projection's), never the journal's: the registry runs the journal's keyspace and table creation only
 * for whoever asks for that session first, and a probe asking first left a fresh keyspace without tables.
 */
public final class CassandraProbe {
  private static final String SESSION = FleetTable.SESSION;

  private CassandraProbe() {}

  public static CassandraHealth start(ActorSystem<?> system, Clock clock) {
    HealthSettings settings = HealthSettings.from(system.settings().config());
    CassandraHealth health = new CassandraHealth(clock, settings);
    CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(SESSION);
    schedule(system, health, session);
    return health;
  }

  private static void schedule(ActorSystem<?> system, CassandraHealth health, CassandraSession session) {
    system.scheduler().scheduleOnce(health.settings().probeInterval(), () -> health
            .probe(() -> session.selectOne("select release_version from system.local"))
            .whenComplete((status, failure) -> {
              if (!system.getWhenTerminated().toCompletableFuture().isDone()) {
                schedule(system, health, session);
              }
            }),
        system.executionContext());
  }
}
