package io.flotilla.api;

import io.flotilla.engine.fleet.FleetView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * One condition for {@code /readyz} (and Pekko Management's {@code /ready}, which runs the same checks): the probe
 * completes with a short description when the node may take traffic, and fails (its message says why) when not.
 */
public record ReadinessCheck(String name, Supplier<CompletionStage<String>> probe) {

  /** How one check came out: its description when it passed, else why it failed. */
  public record Outcome(String name, boolean passed, String text) {}

  /** Runs every check at once; completes (never fails) when all have an outcome, in the order of {@code checks}. */
  public static CompletionStage<List<Outcome>> runAll(List<ReadinessCheck> checks) {
    List<CompletableFuture<Outcome>> running = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      CompletionStage<String> probe;
      try {
        probe = check.probe().get();
      } catch (RuntimeException e) {
        probe = CompletableFuture.failedFuture(e);
      }
      running.add(probe.handle((description, failure) -> failure == null
          ? new Outcome(check.name(), true, description)
          : new Outcome(check.name(), false, reason(failure))).toCompletableFuture());
    }
    // all complete by now: join never waits
    return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
        .thenApply(done -> running.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Coordinated shutdown has not begun. Once it has, the API port is being unbound and the member is about to leave:
   * an orchestrator must stop sending traffic even while the member is still Up.
   */
  public static ReadinessCheck notShuttingDown(ActorSystem<?> system) {
    return new ReadinessCheck("shutdown", () -> CoordinatedShutdown.get(system).getShutdownReason()
        .<CompletionStage<String>>map(reason -> CompletableFuture.failedFuture(
            new IllegalStateException("shutting down (" + reason + ")")))
        .orElseGet(() -> CompletableFuture.completedFuture("running")));
  }

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

  private static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return "no answer in time";
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
