package io.flotilla.engine.endpoint;

import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Tags;
import io.flotilla.engine.endpoint.EndpointCommand.*;
import io.flotilla.engine.inventory.InventoryScanners;
import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One service endpoint: owns its desired state and reconciles the live state toward it. It decides and persists;
 * children (provisioner, traffic shifter, collector, preview) perform the cloud calls and report back, driven by
 * {@link EndpointEffects} after every persisted change and after recovery, so a node killed mid-rollout resumes
 * where it stopped.
 */
public final class EndpointEntity
    extends EventSourcedBehaviorWithEnforcedReplies<EndpointCommand, EndpointEvent, EndpointState> {

  public static final EntityTypeKey<EndpointCommand> TYPE_KEY =
      EntityTypeKey.create(EndpointCommand.class, "Endpoint");
  /** Every endpoint event carries this tag; the fleet-wide event feed reads it. */
  public static final String TAG = "endpoint";

  private static final String RECONCILE_TIMER = "reconcile";

  private final String service;
  private final EndpointDependencies deps;
  private final ActorContext<EndpointCommand> context;
  private final TimerScheduler<EndpointCommand> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final EndpointEffects effects;
  // what this incarnation saw lately; never persisted
  private final Map<String, Instant> recentlyDeleted = new HashMap<>();
  private Inventory lastObserved;

  private EndpointEntity(String service, EndpointDependencies deps, ActorContext<EndpointCommand> context,
      TimerScheduler<EndpointCommand> timers, ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(TYPE_KEY.name(), service));
    this.service = service;
    this.deps = deps;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
    this.effects = new EndpointEffects(service, deps, context, timers);
  }

  public static Behavior<EndpointCommand> create(String service, EndpointDependencies deps,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new EndpointEntity(service, deps, context, timers, shard)));
  }

  @Override
  public EndpointState emptyState() {
    return EndpointState.empty();
  }

  @Override
  public Set<String> tagsFor(EndpointEvent event) {
    return Set.of(TAG);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public SignalHandler<EndpointState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.registered()) {
            context.getSelf().tell(Tick.INSTANCE);
            drive(state);
          } else if (state.revision() > 0) {
            // a deleted service restarted by remembered entities: nothing to do, leave
            passivateIfUnregistered(state);
          }
        })
        .build();
  }

  @Override
  public EventHandler<EndpointState, EndpointEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(EndpointState::apply);
  }

  @Override
  public CommandHandlerWithReply<EndpointCommand, EndpointEvent, EndpointState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(PutSpec.class, (state, c) -> decide(state, CommandDecisions.putSpec(state, service, c.spec(),
            c.by(), now()), c.replyTo()))
        .onCommand(DeleteService.class, (state, c) -> decide(state, CommandDecisions.delete(state, service, c.by(),
            now()), c.replyTo()))
        .onCommand(RequestRelease.class, (state, c) -> decide(state, CommandDecisions.release(state, service,
            c.version(), c.requestId(), c.by(), now()), c.replyTo()))
        .onCommand(Rollback.class, (state, c) -> decide(state, CommandDecisions.rollback(state, service, c.reason(),
            c.requestId(), c.by(), now()), c.replyTo()))
        .onCommand(Pause.class, (state, c) -> decide(state, CommandDecisions.pause(state, service, c.by(), now()),
            c.replyTo()))
        .onCommand(Resume.class, (state, c) -> decide(state, CommandDecisions.resume(state, service, c.by(), now()),
            c.replyTo()))
        .onCommand(Promote.class, (state, c) -> decide(state, CommandDecisions.promote(state, service, c.by(),
            now()), c.replyTo()))
        .onCommand(Abort.class, (state, c) -> decide(state, CommandDecisions.abort(state, service, c.reason(),
            c.by(), now()), c.replyTo()))
        .onCommand(GetStatus.class, this::onGetStatus)
        .onCommand(GetRelease.class, this::onGetRelease)
        .onCommand(EnvironmentHealthy.class, (state, c) -> {
          effects.provisionerReported(c.environmentId());
          return record(state, ReportDecisions.environmentHealthy(state, c.environmentId(), c.healthyInstances(),
              now()));
        })
        .onCommand(EnvironmentUnavailable.class, (state, c) -> {
          effects.provisionerReported(c.environmentId());
          return record(state, ReportDecisions.environmentUnavailable(state, c.environmentId(), c.reason(),
              now()));
        })
        .onCommand(TrafficApplied.class, (state, c) -> {
          effects.trafficApplied(c.split());
          return record(state, ReportDecisions.trafficApplied(state, c.split(), c.endpointUrl(), now()));
        })
        .onCommand(EnvironmentRemoved.class, this::onEnvironmentRemoved)
        .onCommand(EndpointDeleted.class, (state, c) -> {
          effects.succeeded(EndpointEffects.ENDPOINT_DELETE);
          return record(state, state.deleting() && !state.endpointRemoved()
              ? List.of(new EndpointEvent.EndpointRemoved(service, now())) : List.of());
        })
        .onCommand(PreviewReady.class, this::onPreviewReady)
        .onCommand(PreviewShut.class, (state, c) -> {
          effects.succeeded(EndpointEffects.PREVIEW_CLOSE);
          return record(state, state.previewUrl() == null ? List.of()
              : List.of(new EndpointEvent.PreviewClosed(service, now())));
        })
        .onCommand(EffectFailed.class, (state, c) -> {
          effects.failed(c.key(), c.reason());
          return Effect().none().thenNoReply();
        })
        .onCommand(RetryDue.class, (state, c) -> {
          effects.retryDue(c.key());
          return record(state, List.of());
        })
        .onCommand(ChildStopped.class, (state, c) -> {
          effects.childStopped(c.key());
          return record(state, List.of());
        })
        .onCommand(AnalysisReport.class, (state, c) -> record(state, ReportDecisions.analysisReported(state, c,
            now())))
        .onCommand(LiveObserved.class, this::onLiveObserved)
        .onCommand(Tick.class, (state, c) -> record(state, List.of()))
        .onCommand(Reconcile.class, this::onReconcile)
        .build();
  }

  private Instant now() {
    return deps.clock().instant();
  }

  /** Persists a user command's events plus everything that follows from them, then replies. */
  private ReplyEffect<EndpointEvent, EndpointState> decide(EndpointState state, Decision decision,
      ActorRef<Reply> replyTo) {
    if (decision.events().isEmpty()) {
      return Effect().none().thenRun(this::passivateIfUnregistered).thenReply(replyTo, unchanged -> decision.reply());
    }
    return Effect().persist(settled(state, decision.events()))
        .thenRun(this::drive)
        .thenReply(replyTo, newState -> decision.reply());
  }

  /** Persists what a report or tick implies (possibly nothing) and drives the effects of the resulting state. */
  private ReplyEffect<EndpointEvent, EndpointState> record(EndpointState state, List<EndpointEvent> reported) {
    List<EndpointEvent> events = state.registered() ? settled(state, reported) : reported;
    if (events.isEmpty()) {
      return Effect().none().thenRun(this::drive).thenNoReply();
    }
    return Effect().persist(events).thenRun(this::drive).thenNoReply();
  }

  private List<EndpointEvent> settled(EndpointState state, List<EndpointEvent> events) {
    EndpointState after = state;
    for (EndpointEvent event : events) {
      after = after.apply(event);
    }
    List<EndpointEvent> all = new ArrayList<>(events);
    all.addAll(EndpointDecisions.settle(after, now()));
    return all;
  }

  private void drive(EndpointState state) {
    if (state.registered()) {
      if (!timers.isTimerActive(RECONCILE_TIMER)) {
        timers.startTimerWithFixedDelay(RECONCILE_TIMER, Reconcile.INSTANCE, deps.settings().reconcileInterval());
      }
      effects.drive(state);
    } else {
      passivateIfUnregistered(state);
    }
  }

  /**
   * A service that does not exist (never created, or deleted) has nothing to reconcile: once it has answered, it
   * stops and leaves the remembered entities, so asking for unknown names does not keep actors alive.
   */
  private void passivateIfUnregistered(EndpointState state) {
    if (!state.registered() && effects.idle()) {
      timers.cancelAll();
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
  }

  private ReplyEffect<EndpointEvent, EndpointState> onGetStatus(EndpointState state, GetStatus command) {
    if (!state.registered()) {
      return Effect().none().thenRun(this::passivateIfUnregistered)
          .thenReply(command.replyTo(), unchanged -> Reply.notFound(service));
    }
    return Effect().reply(command.replyTo(), StatusViews.of(state, lastObserved));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onGetRelease(EndpointState state, GetRelease command) {
    if (!state.registered()) {
      return Effect().none().thenRun(this::passivateIfUnregistered)
          .thenReply(command.replyTo(), unchanged -> Reply.notFound(service));
    }
    return Effect().reply(command.replyTo(), state.progressOf(command.releaseId()));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onEnvironmentRemoved(EndpointState state,
      EnvironmentRemoved removed) {
    effects.succeeded(EndpointEffects.collectKey(removed.environmentId()));
    recentlyDeleted.put(removed.environmentId(), now());
    return record(state, ReportDecisions.environmentRemoved(state, removed.environmentId(), now()));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onPreviewReady(EndpointState state, PreviewReady ready) {
    effects.succeeded(EndpointEffects.previewOpenKey(ready.releaseId()));
    // recorded even if the preview phase ended meanwhile, so that the open preview is closed again
    return record(state, state.previewUrl() != null ? List.of()
        : List.of(new EndpointEvent.PreviewOpened(service, ready.releaseId(), ready.url(), now())));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onReconcile(EndpointState state, Reconcile reconcile) {
    if (state.registered() && !state.deleting()) {
      var placement = EndpointEffects.placement(state.spec());
      // a scan may take up to the cloud call timeout; waiting less would drop answers the scanner still gives
      var timeout = deps.settings().cloudCallTimeout().plus(deps.settings().askTimeout());
      context.ask(Inventory.class, deps.scanners(), timeout,
          replyTo -> new InventoryScanners.Get(placement, replyTo),
          (inventory, error) -> inventory != null ? new LiveObserved(inventory) : Tick.INSTANCE);
    }
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<EndpointEvent, EndpointState> onLiveObserved(EndpointState state, LiveObserved received) {
    // stacks another installation owns (another flotilla:owner in a shared account) are not this endpoint's to
    // adopt, repair or delete, even when they carry its service name
    Inventory ours = new Inventory(received.inventory().placement(), received.inventory().scannedAt(),
        received.inventory().environments().stream()
            .filter(env -> deps.settings().owner().equals(env.tags().get(Tags.OWNER))).toList(),
        received.inventory().endpoints());
    LiveObserved observed = new LiveObserved(ours);
    lastObserved = observed.inventory();
    Instant horizon = now().minus(deps.settings().reconcileInterval().plus(deps.settings().inventoryMaxAge())
        .multipliedBy(2));
    recentlyDeleted.values().removeIf(deletedAt -> deletedAt.isBefore(horizon));
    boolean rollingBack = state.active() != null && state.active().phase() == ReleasePhase.ROLLING_BACK;
    return record(state, rollingBack ? List.of() : ReportDecisions.liveObserved(state, observed.inventory(),
        effects.trafficBusy(), recentlyDeleted.keySet(), now()));
  }
}
