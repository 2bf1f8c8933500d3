package io.flotilla.engine.sweeper;

import io.flotilla.cloud.Placement;
import io.flotilla.engine.CborSerializable;
import io.flotilla.engine.sweeper.SweepReport.Action;
import io.flotilla.engine.sweeper.SweepReport.Finding;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Finds and removes stacks Flotilla created but no endpoint knows (a service deleted while a create was in flight, a
 * crash that left a partial stack). One per cluster (a singleton): every {@code interval}, and whenever asked, it
 * scans each placement in use, asks each service which of its tagged environments it knows, decides with
 * {@link SweepDecisions}, deletes what is due and keeps the report. One sweep runs at a time; requests that arrive
 * meanwhile run next. When each orphan was first seen is kept in memory only: after a restart or a move to another
 * node, grace periods start again, which delays deletion and never hastens it.
 */
public final class OrphanSweeper extends AbstractBehavior<OrphanSweeper.Command> {

  /** Messages of the sweeper. */
  public sealed interface Command extends CborSerializable {}

  /** Sweep now (after the sweep in progress, if any) and answer with its report. */
  public record SweepNow(boolean dryRun, ActorRef<SweepReport> replyTo) implements Command {}

  /** Answer with the last report (an empty one before the first sweep). */
  public record GetLastReport(ActorRef<SweepReport> replyTo) implements Command {}

  /** Time for the periodic sweep. */
  enum Tick implements Command { INSTANCE }

  private record Observed(Observation observation) implements Command {}

  private record Collected(List<Finding> results) implements Command {}

  /** The sweep in progress: its mode, start, and who waits for its report. */
  private record Sweep(boolean dryRun, Instant startedAt, List<ActorRef<SweepReport>> waiting,
      List<Placement> scanned, List<Finding> findings, List<String> errors) {}

  private final SweeperSettings settings;
  private final OrphanSearch search;
  private final OrphanCollector collector;
  private final Supplier<Set<Placement>> placements;
  private final Clock clock;
  private final Deque<SweepNow> pending = new ArrayDeque<>();
  private Map<Orphan.Key, Instant> firstSeen = Map.of();
  private SweepReport last;
  private int sweeps;
  private Sweep current;

  private OrphanSweeper(ActorContext<Command> context, SweeperSettings settings, OrphanSearch search,
      OrphanCollector collector, Supplier<Set<Placement>> placements, Clock clock) {
    super(context);
    this.settings = settings;
    this.search = search;
    this.collector = collector;
    this.placements = placements;
    this.clock = clock;
    this.last = SweepReport.none(settings.dryRun());
  }

  static Behavior<Command> create(SweeperSettings settings, SweepParts parts, Supplier<Set<Placement>> placements,
      Clock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      if (settings.enabled()) {
        timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.interval());
      }
      return new OrphanSweeper(context, settings, parts.search(settings, context.getSystem()),
          parts.collector(settings, context.getSystem()), placements, clock);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(SweepNow.class, this::onSweepNow)
        .onMessage(GetLastReport.class, this::onGetLastReport)
        .onMessage(Observed.class, this::onObserved)
        .onMessage(Collected.class, this::onCollected)
        .build();
  }

  private Behavior<Command> onTick() {
    if (current == null) {
      start(settings.dryRun(), List.of());
    }
    return this;
  }

  private Behavior<Command> onSweepNow(SweepNow request) {
    if (current == null) {
      start(request.dryRun(), List.of(request.replyTo()));
    } else {
      pending.add(request);
    }
    return this;
  }

  private Behavior<Command> onGetLastReport(GetLastReport request) {
    request.replyTo().tell(last);
    return this;
  }

  private void start(boolean dryRun, List<ActorRef<SweepReport>> waiting) {
    current = new Sweep(dryRun, clock.instant(), waiting, List.of(), List.of(), List.of());
    CompletionStage<Observation> observing;
    try {
      observing = search.run(placements.get());
    } catch (RuntimeException e) {
      observing = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(observing, (observation, error) -> new Observed(
        error == null ? observation : Observation.failed("sweep failed: " + OrphanSearch.describe(error))));
  }

  private Behavior<Command> onObserved(Observed observed) {
    Observation observation = observed.observation();
    SweepDecisions.Plan plan = SweepDecisions.plan(observation, settings.owner(), firstSeen, clock.instant(),
        settings.gracePeriod(), current.dryRun());
    firstSeen = plan.firstSeen();
    current = new Sweep(current.dryRun(), current.startedAt(), current.waiting(), observation.scanned(),
        plan.findings(), observation.errors());
    if (plan.due().isEmpty()) {
      finish(List.of());
    } else {
      getContext().pipeToSelf(collector.delete(plan.due()), (results, error) -> new Collected(
          error == null ? results : plan.due().stream().map(orphan -> orphan.failed(OrphanSearch.describe(error)))
              .toList()));
    }
    return this;
  }

  private Behavior<Command> onCollected(Collected collected) {
    Map<Orphan.Key, Instant> remaining = new HashMap<>(firstSeen);
    for (Finding result : collected.results()) {
      if (result.action() == Action.DELETED) {
        getContext().getLog().info("deleted orphan environment {} of service '{}' in {}/{} (orphaned since {})",
            result.environmentId(), result.service(), result.placement().account(), result.placement().region(),
            result.firstSeen());
        remaining.remove(new Orphan.Key(result.placement(), result.environmentId()));
      } else {
        getContext().getLog().warn("could not delete orphan environment {}: {}", result.environmentId(),
            result.reason());
      }
    }
    firstSeen = Map.copyOf(remaining);
    finish(collected.results());
    return this;
  }

  private void finish(List<Finding> acted) {
    List<Finding> findings = new ArrayList<>(current.findings());
    findings.addAll(acted);
    findings.sort(Comparator.comparing((Finding finding) -> finding.placement().account())
        .thenComparing(finding -> finding.placement().region()).thenComparing(Finding::environmentId));
    sweeps++;
    last = new SweepReport(sweeps, current.startedAt(), clock.instant(), current.dryRun(), current.scanned(),
        findings, current.errors());
    current.waiting().forEach(waiter -> waiter.tell(last));
    current = null;
    SweepNow next = pending.poll();
    if (next != null) {
      List<ActorRef<SweepReport>> waiting = new ArrayList<>(List.of(next.replyTo()));
      // requests for the same mode that queued meanwhile share the next sweep
      pending.removeIf(request -> request.dryRun() == next.dryRun() && waiting.add(request.replyTo()));
      start(next.dryRun(), waiting);
    }
  }
}
