package io.flotilla.engine.sweeper;

import io.flotilla.cloud.CloudProvider;
import io.flotilla.cloud.Placement;
import io.flotilla.engine.EngineSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The cluster's one orphan sweeper ({@link OrphanSweeper}, a cluster singleton), reachable from every node: sweep
 * now, or read the last report. Which placements it sweeps comes from the supplier given at start (the placements
 * in use so far, until accounts are registered explicitly), read afresh at every sweep on the node that hosts it.
 */
public final class Sweeper {
  private final ActorRef<OrphanSweeper.Command> singleton;
  private final SweeperSettings settings;
  private final Duration askTimeout;
  private final ActorSystem<?> system;

  private Sweeper(ActorRef<OrphanSweeper.Command> singleton, SweeperSettings settings, Duration askTimeout,
      ActorSystem<?> system) {
    this.singleton = singleton;
    this.settings = settings;
    this.askTimeout = askTimeout;
    this.system = system;
  }

  /** Starts the singleton (or its proxy, where another node hosts it). */
  public static Sweeper init(ActorSystem<?> system, CloudProvider cloud, EnvironmentOwnership ownership,
      Supplier<Set<Placement>> placements, Clock clock) {
    SweeperSettings settings = SweeperSettings.from(system.settings().config());
    EngineSettings engine = EngineSettings.from(system.settings().config());
    SweepParts parts = new SweepParts(cloud.inventory(), cloud.environments(), ownership, engine.cloudCallTimeout(),
        engine.askTimeout());
    ActorRef<OrphanSweeper.Command> singleton = ClusterSingleton.get(system).init(SingletonActor.of(
        Behaviors.supervise(OrphanSweeper.create(settings, parts, placements, clock))
            .onFailure(SupervisorStrategy.restart()), "orphan-sweeper"));
    return new Sweeper(singleton, settings, engine.askTimeout(), system);
  }

  /** Runs a sweep (after the one in progress, if any) and completes with its report. */
  public CompletionStage<SweepReport> sweepNow(boolean dryRun) {
    return AskPattern.ask(singleton, replyTo -> new OrphanSweeper.SweepNow(dryRun, replyTo),
        settings.sweepTimeout(), system.scheduler());
  }

  /** The last sweep's report; before the first sweep, an empty one with {@code sweeps} 0. */
  public CompletionStage<SweepReport> lastReport() {
    return AskPattern.ask(singleton, OrphanSweeper.GetLastReport::new, askTimeout, system.scheduler());
  }

  public SweeperSettings settings() {
    return settings;
  }
}
