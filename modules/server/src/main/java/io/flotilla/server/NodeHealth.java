package io.flotilla.server;

import com.typesafe.config.Config;
import io.flotilla.api.ReadinessCheck;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.management.javadsl.LivenessCheckSetup;
import org.apache.pekko.management.javadsl.ReadinessCheckSetup;

/**
 * What Pekko Management's health endpoints answer. {@code /ready} runs the node's {@link ReadinessCheck}s, the very
 * ones behind the API's {@code /readyz}, so the two always agree; until the node has installed them (while it
 * starts) it is not ready. {@code /alive} passes while the actor system still runs tasks on its dispatcher: a node that
 * is starting, shutting down or not ready is still alive, and an orchestrator must not restart it for that.
 */
final class NodeHealth {
  private static final ReadinessCheck STARTING = new ReadinessCheck("node",
      () -> CompletableFuture.failedFuture(new IllegalStateException("starting")));

  private final AtomicReference<List<ReadinessCheck>> readiness = new AtomicReference<>(List.of(STARTING));

  /** The actor system's setup: {@code config} plus this node's readiness and liveness checks for Pekko Management. */
  ActorSystemSetup setup(Config config) {
    return ActorSystemSetup.create(BootstrapSetup.create(config),
        ReadinessCheckSetup.create(system -> List.<Supplier<CompletionStage<Boolean>>>of(this::ready)),
        LivenessCheckSetup.create(system -> List.<Supplier<CompletionStage<Boolean>>>of(() -> alive(system))));
  }

  /** From now on, {@code /ready} runs these checks. */
  void install(List<ReadinessCheck> checks) {
    readiness.set(List.copyOf(checks));
  }

  /** Passes when every check passes; else fails naming each failed check and why (Pekko Management shows it). */
  CompletionStage<Boolean> ready() {
    return ReadinessCheck.runAll(readiness.get()).thenCompose(outcomes -> {
      String failed = outcomes.stream()
          .filter(outcome -> !outcome.passed())
          .map(outcome -> outcome.name() + ": " + outcome.text())
          .collect(Collectors.joining("; "));
      return failed.isEmpty() ? CompletableFuture.completedFuture(true)
          : CompletableFuture.failedFuture(new IllegalStateException("not ready: " + failed));
    });
  }

  private static CompletionStage<Boolean> alive(org.apache.pekko.actor.ActorSystem system) {
    return CompletableFuture.supplyAsync(() -> true, system.dispatcher());
  }
}
