package io.flotilla.api;

import io.flotilla.engine.fleet.FleetView;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * One condition for {@code /readyz}: the probe completes with a short description when the node may take traffic,
 * and fails (its message says why) when not.
 */
public record ReadinessCheck(String name, Supplier<CompletionStage<String>> probe) {

  /** This node is a cluster member with status Up. */
  public static ReadinessCheck clusterMemberUp(ActorSystem<?> system) {
    return new ReadinessCheck("cluster", () -> {
      MemberStatus status = Cluster.get(system).selfMember().status();
      return status == MemberStatus.up()
          ? CompletableFuture.completedFuture("Up")
          : CompletableFuture.failedFuture(new IllegalStateException("member is " + status));
    });
  }

  /** This node has read the fleet view table once (before that, the service list would be empty). */
  public static ReadinessCheck fleetView(FleetView fleet) {
    return new ReadinessCheck("fleetView", () -> fleet.loaded().toCompletableFuture().isDone()
        ? CompletableFuture.completedFuture("loaded")
        : CompletableFuture.failedFuture(new IllegalStateException("the fleet view table was not read yet")));
  }

  /** Cassandra answers a trivial query on the session the journal uses ({@code sessionConfigPath}). */
  public static ReadinessCheck cassandra(ActorSystem<?> system, String sessionConfigPath, Duration timeout) {
    return new ReadinessCheck("cassandra", () -> {
      CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(sessionConfigPath);
      return session.selectOne("select release_version from system.local")
          .toCompletableFuture()
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .thenApply(row -> row.map(r -> "Cassandra " + r.getString("release_version")).orElse("Cassandra"));
    });
  }
}
