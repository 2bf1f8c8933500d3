package io.flotilla.engine.endpoint;

import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.children.EnvironmentProvisioner;
import io.flotilla.engine.children.PreviewOpener;
import io.flotilla.engine.children.StackCollector;
import io.flotilla.engine.children.TrafficShifter;
import io.flotilla.engine.endpoint.EndpointCommand.*;
import io.flotilla.engine.endpoint.EndpointEvent.ServiceDeleted;
import io.flotilla.engine.inventory.InventoryScanners;
import io.flotilla.model.ReleasePhase;
import io.flotilla.model.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
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
 * its children ({@link EnvironmentProvisioner}, {@link TrafficShifter}, {@link StackCollector}) perform the cloud
 * calls and report back. After every persisted change, and after recovery, {@link #drive} starts whatever effect
 * the state says is in flight, so a node killed mid-rollout resumes where it stopped.
 */
public final class EndpointEntity
    extends EventSourcedBehaviorWithEnforcedReplies<EndpointCommand, EndpointEvent, EndpointState> {

  public static final EntityTypeKey<EndpointCommand> TYPE_KEY =
      EntityTypeKey.create(EndpointCommand.class, "Endpoint");
  /** Every endpoint event carries this tag; the fleet-wide event feed reads it. */
  public static final String TAG = "endpoint";

  private static final String DUE_TIMER = "due";
  private static final String RECONCILE_TIMER = "reconcile";

  private final String service;
  private final EndpointDependencies deps;
  private final ActorContext<EndpointCommand> context;
  private final TimerScheduler<EndpointCommand> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  // effects in flight on this incarnation; never persisted, rebuilt by drive() from the state after a restart
  private final Map<String, ActorRef<Void>> children = new HashMap<>();
  private final Map<String, Instant> recentlyDeleted = new HashMap<>();
  private String trafficKey;
  private TrafficSplit trafficInFlight;
  private String endpointUrl;
  private Inventory lastObserved;
  private int childCounter;

  private EndpointEntity(String service, EndpointDependencies deps, ActorContext<EndpointCommand> context,
      TimerScheduler<EndpointCommand> timers, ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(TYPE_KEY.name(), service));
    this.service = service;
    this.deps = deps;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
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
          timers.startTimerWithFixedDelay(RECONCILE_TIMER, Reconcile.INSTANCE, deps.settings().reconcileInterval());
          if (state.registered()) {
            context.getSelf().tell(Tick.INSTANCE);
            drive(state);
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
            now()), c.replyTo()))
        .onCommand(DeleteService.class, (state, c) -> decide(state, CommandDecisions.delete(state, service, now()),
            c.replyTo()))
        .onCommand(RequestRelease.class, (state, c) -> decide(state, CommandDecisions.release(state, service,
            c.version(), now()), c.replyTo()))
        .onCommand(Rollback.class, (state, c) -> decide(state, CommandDecisions.rollback(state, service, c.reason(),
            now()), c.replyTo()))
        .onCommand(Pause.class, (state, c) -> decide(state, CommandDecisions.pause(state, service, now()),
            c.replyTo()))
        .onCommand(Resume.class, (state, c) -> decide(state, CommandDecisions.resume(state, service, now()),
            c.replyTo()))
        .onCommand(Promote.class, (state, c) -> decide(state, CommandDecisions.promote(state, service, now()),
            c.replyTo()))
        .onCommand(Abort.class, (state, c) -> decide(state, CommandDecisions.abort(state, service, c.reason(),
            now()), c.replyTo()))
        .onCommand(GetStatus.class, this::onGetStatus)
        .onCommand(EnvironmentHealthy.class, (state, c) -> record(state,
            ReportDecisions.environmentHealthy(state, c.environmentId(), c.healthyInstances(), now())))
        .onCommand(EnvironmentUnavailable.class, (state, c) -> record(state,
            ReportDecisions.environmentUnavailable(state, c.environmentId(), c.reason(), now())))
        .onCommand(TrafficApplied.class, this::onTrafficApplied)
        .onCommand(TrafficNotApplied.class, this::onTrafficNotApplied)
        .onCommand(EnvironmentRemoved.class, this::onEnvironmentRemoved)
        .onCommand(RemovalFailed.class, (state, c) -> {
          context.getLog().warn("{}: deleting {} failed, will retry: {}", service, c.environmentId(), c.reason());
          return record(state, List.of());
        })
        .onCommand(PreviewReady.class, this::onPreviewReady)
        .onCommand(PreviewShut.class, (state, c) -> record(state, state.previewUrl() == null ? List.of()
            : List.of(new EndpointEvent.PreviewClosed(service, now()))))
        .onCommand(LiveObserved.class, this::onLiveObserved)
        .onCommand(ChildStopped.class, (state, c) -> {
          children.remove(c.key());
          if (c.key().equals(trafficKey)) {
            trafficKey = null;
            trafficInFlight = null;
          }
          return record(state, List.of());
        })
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
    List<EndpointEvent> events = settled(state, decision.events());
    Optional<EndpointRef> deletedEndpoint = deletedEndpoint(state, events);
    return Effect().persist(events)
        .thenRun((EndpointState newState) -> afterPersist(newState, deletedEndpoint))
        .thenReply(replyTo, newState -> decision.reply());
  }

  /** Persists what a report or tick implies (possibly nothing) and drives the effects of the resulting state. */
  private ReplyEffect<EndpointEvent, EndpointState> record(EndpointState state, List<EndpointEvent> reported) {
    List<EndpointEvent> events = settled(state, reported);
    if (events.isEmpty()) {
      return Effect().none().thenRun(this::drive).thenNoReply();
    }
    Optional<EndpointRef> deletedEndpoint = deletedEndpoint(state, events);
    return Effect().persist(events)
        .thenRun((EndpointState newState) -> afterPersist(newState, deletedEndpoint))
        .thenNoReply();
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

  private Optional<EndpointRef> deletedEndpoint(EndpointState before, List<EndpointEvent> events) {
    boolean deleted = events.stream().anyMatch(event -> event instanceof ServiceDeleted);
    return deleted ? Optional.of(endpointRef(before.spec())) : Optional.empty();
  }

  private void afterPersist(EndpointState state, Optional<EndpointRef> deletedEndpoint) {
    deletedEndpoint.ifPresent(ref -> deps.cloud().traffic().deleteEndpoint(ref).whenComplete((ok, error) -> {
      if (error != null) {
        context.getSystem().log().warn("{}: endpoint removal failed: {}", service, error.toString());
      }
    }));
    drive(state);
  }

  private ReplyEffect<EndpointEvent, EndpointState> onGetStatus(EndpointState state, GetStatus command) {
    if (!state.registered()) {
      return Effect().none().thenRun(this::passivateIfUnregistered)
          .thenReply(command.replyTo(), unchanged -> Reply.notFound(service));
    }
    return Effect().reply(command.replyTo(), StatusViews.of(state, endpointUrl, lastObserved));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onTrafficApplied(EndpointState state, TrafficApplied applied) {
    endpointUrl = applied.endpointUrl();
    if (trafficInFlight != null && trafficInFlight.sameAs(applied.split())) {
      trafficInFlight = null;
    }
    return record(state, ReportDecisions.trafficApplied(state, applied.split(), now()));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onTrafficNotApplied(EndpointState state,
      TrafficNotApplied failed) {
    context.getLog().warn("{}: weights {} not applied, will retry: {}", service, failed.split().nonZero(),
        failed.reason());
    if (trafficInFlight != null && trafficInFlight.sameAs(failed.split())) {
      trafficInFlight = null;
      trafficKey = null;
    }
    timers.startSingleTimer(DUE_TIMER, Tick.INSTANCE, deps.settings().retryMaxBackoff());
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<EndpointEvent, EndpointState> onEnvironmentRemoved(EndpointState state,
      EnvironmentRemoved removed) {
    recentlyDeleted.put(removed.environmentId(), now());
    return record(state, ReportDecisions.environmentRemoved(state, removed.environmentId(), now()));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onPreviewReady(EndpointState state, PreviewReady ready) {
    Release active = state.active();
    if (ready.url() == null || active == null || !active.id().equals(ready.releaseId())
        || active.phase() != ReleasePhase.PREVIEWING) {
      return record(state, List.of());
    }
    return record(state, List.of(new EndpointEvent.PreviewOpened(service, ready.releaseId(), ready.url(), now())));
  }

  private ReplyEffect<EndpointEvent, EndpointState> onReconcile(EndpointState state, Reconcile reconcile) {
    if (state.registered() && !state.deleting()) {
      Placement placement = placement(state.spec());
      context.ask(Inventory.class, deps.scanners(), deps.settings().askTimeout(),
          replyTo -> new InventoryScanners.Get(placement, replyTo),
          (inventory, error) -> inventory != null ? new LiveObserved(inventory) : Tick.INSTANCE);
    }
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<EndpointEvent, EndpointState> onLiveObserved(EndpointState state, LiveObserved observed) {
    lastObserved = observed.inventory();
    Instant horizon = now().minus(deps.settings().reconcileInterval().plus(deps.settings().inventoryMaxAge())
        .multipliedBy(2));
    recentlyDeleted.values().removeIf(deletedAt -> deletedAt.isBefore(horizon));
    return record(state, ReportDecisions.liveObserved(state, observed.inventory(), trafficInFlight != null,
        recentlyDeleted.keySet(), now()));
  }

  /** Starts whatever the state says is in flight and is not running on this incarnation; idempotent. */
  private void drive(EndpointState state) {
    if (!state.registered()) {
      passivateIfUnregistered(state);
      return;
    }
    ServiceSpec spec = state.spec();
    for (Environment env : state.environments().values()) {
      switch (env.state()) {
        case PROVISIONING -> ensureChild("provision-" + env.id(), () -> EnvironmentProvisioner.create(
            environmentRequest(state, env), env.createdAt(), spec.rollout().environmentTimeout(),
            deps.cloud().environments(), context.getSelf(), deps.settings(), deps.clock()));
        case DELETING -> ensureChild("collect-" + env.id(), () -> StackCollector.create(placement(spec), env.id(),
            deps.cloud().environments(), context.getSelf(), deps.settings()));
        default -> { }
      }
    }
    driveTraffic(state);
    Release active = state.active();
    boolean previewing = active != null && active.phase() == ReleasePhase.PREVIEWING;
    if (previewing && state.previewUrl() == null) {
      ensureChild("preview-" + active.id(), () -> PreviewOpener.open(endpointRef(spec), active.id(),
          active.environmentId(), deps.cloud().previews(), context.getSelf(), deps.settings()));
    } else if (!previewing && state.previewUrl() != null) {
      ensureChild("preview-close", () -> PreviewOpener.close(endpointRef(spec), deps.cloud().previews(),
          context.getSelf(), deps.settings()));
    }
    scheduleNextDue(state);
  }

  private void driveTraffic(EndpointState state) {
    TrafficSplit desired = state.desired();
    if (desired.nonZero().isEmpty() || desired.sameAs(state.applied())
        || (trafficInFlight != null && trafficInFlight.sameAs(desired))) {
      return;
    }
    boolean targetsReady = desired.nonZero().keySet().stream().allMatch(id -> state.environment(id)
        .filter(env -> env.state() == EnvironmentState.READY).isPresent());
    if (!targetsReady) {
      return;
    }
    // a newer desired split does not wait for an older call in flight: a rollback leaves at once
    trafficKey = "traffic-" + (++childCounter);
    trafficInFlight = desired;
    spawnChild(trafficKey, TrafficShifter.create(endpointRef(state.spec()), desired, deps.cloud().traffic(),
        context.getSelf(), deps.settings()));
  }

  /**
   * A service that does not exist (never created, or deleted) has nothing to reconcile: once it has answered, it
   * stops and leaves the remembered entities, so asking for unknown names does not keep actors alive.
   */
  private void passivateIfUnregistered(EndpointState state) {
    if (!state.registered() && children.isEmpty()) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
  }

  /** One timer for the next moment time alone changes something: a hold ending or retention expiring. */
  private void scheduleNextDue(EndpointState state) {
    Instant due = null;
    Release active = state.active();
    if (active != null && !active.paused() && active.holdUntil() != null
        && (active.phase() == ReleasePhase.HOLDING || active.phase() == ReleasePhase.PREVIEWING)) {
      due = active.holdUntil();
    }
    Duration keep = state.spec().retention().keepPreviousFor();
    for (Environment env : state.environments().values()) {
      if (env.state() == EnvironmentState.READY && env.idleSince() != null) {
        Instant expires = env.idleSince().plus(keep);
        due = due == null || expires.isBefore(due) ? expires : due;
      }
    }
    if (due == null) {
      timers.cancel(DUE_TIMER);
      return;
    }
    Duration delay = Duration.between(now(), due);
    timers.startSingleTimer(DUE_TIMER, Tick.INSTANCE, delay.isNegative() ? Duration.ZERO : delay);
  }

  private void ensureChild(String key, Supplier<Behavior<Void>> behavior) {
    if (!children.containsKey(key)) {
      spawnChild(key, behavior.get());
    }
  }

  private void spawnChild(String key, Behavior<Void> behavior) {
    ActorRef<Void> child = context.spawn(behavior, key + "-" + (++childCounter));
    context.watchWith(child, new ChildStopped(key));
    children.put(key, child);
  }

  private EnvironmentRequest environmentRequest(EndpointState state, Environment env) {
    ServiceSpec spec = state.spec();
    ServiceSpec atRevision = state.revisions().stream()
        .filter(revision -> revision.number() == env.revision())
        .map(Revision::spec)
        .findFirst()
        .orElse(spec);
    return new EnvironmentRequest(env.id(), placement(spec), service, env.version(), env.revision(),
        atRevision.image(), atRevision.runtime(), Map.of(
            Tags.SERVICE, service,
            Tags.VERSION, env.version(),
            Tags.REVISION, Integer.toString(env.revision()),
            Tags.ENV_ID, env.id(),
            Tags.OWNER, "flotilla"));
  }

  static Placement placement(ServiceSpec spec) {
    return new Placement(spec.account(), spec.region());
  }

  static EndpointRef endpointRef(ServiceSpec spec) {
    return new EndpointRef(placement(spec), spec.name(), spec.endpoint());
  }
}
