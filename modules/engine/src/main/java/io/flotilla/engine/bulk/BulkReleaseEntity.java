package io.flotilla.engine.bulk;

import io.flotilla.engine.bulk.BulkCommand.*;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
 * One bulk release (sharded by bulk id, remembered, so it restarts on another node when its node is lost). It
 * starts at most {@code maxConcurrent} item releases at once, in request order, recording each start before asking
 * the item's endpoint (with request id {@code <bulk id>/<item>}, which the endpoint recognises when asked again);
 * it polls the endpoints of items in flight until their releases end; it stops starting items once the failure
 * budget is used up or it is cancelled. It decides and persists; {@link BulkEffects} asks.
 */
public final class BulkReleaseEntity
    extends EventSourcedBehaviorWithEnforcedReplies<BulkCommand, BulkEvent, BulkState> {

  public static final EntityTypeKey<BulkCommand> TYPE_KEY = EntityTypeKey.create(BulkCommand.class, "BulkRelease");

  private static final String POLL_TIMER = "poll";
  private static final String IDLE_TIMER = "idle";

  private final String bulkId;
  private final BulkSettings settings;
  private final Clock clock;
  private final ActorContext<BulkCommand> context;
  private final TimerScheduler<BulkCommand> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final BulkEffects effects;
  private final String node;

  private BulkReleaseEntity(String bulkId, EndpointAsker endpoints, BulkSettings settings, Clock clock,
      ActorContext<BulkCommand> context, TimerScheduler<BulkCommand> timers,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(TYPE_KEY.name(), bulkId));
    this.bulkId = bulkId;
    this.settings = settings;
    this.clock = clock;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
    this.effects = new BulkEffects(bulkId, endpoints, settings, context);
    this.node = context.getSystem().address().toString();
  }

  public static Behavior<BulkCommand> create(String bulkId, EndpointAsker endpoints, BulkSettings settings,
      Clock clock, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new BulkReleaseEntity(bulkId, endpoints, settings, clock, context, timers, shard)));
  }

  @Override
  public BulkState emptyState() {
    return BulkState.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<BulkState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.created()) {
            drive(state);
            // anything that was decided but not yet started resumes now, not one poll interval later
            context.getSelf().tell(PollDue.INSTANCE);
          }
        })
        .build();
  }

  @Override
  public EventHandler<BulkState, BulkEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(BulkState::apply);
  }

  @Override
  public CommandHandlerWithReply<BulkCommand, BulkEvent, BulkState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, this::onGet)
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(Answered.class, this::onAnswered)
        .onCommand(Observed.class, this::onObserved)
        .onCommand(ServicesChecked.class, this::onServicesChecked)
        .onCommand(PollDue.class, this::onPollDue)
        .onCommand(Idle.class, this::onIdle)
        .build();
  }

  private Instant now() {
    return clock.instant();
  }

  private ReplyEffect<BulkEvent, BulkState> onCreate(BulkState state, Create create) {
    BulkDecisions.Decision decision = BulkDecisions.create(state, bulkId, create.request(), create.by(), now());
    if (decision.events().isEmpty()) {
      return Effect().none().thenRun(this::drive)
          .thenReply(create.replyTo(), unchanged -> withSummary(decision.reply(), unchanged));
    }
    return Effect().persist(decision.events()).thenRun(created -> announce(decision.events(), created))
        .thenRun(this::drive).thenReply(create.replyTo(), created -> withSummary(decision.reply(), created));
  }

  private ReplyEffect<BulkEvent, BulkState> onAnswered(BulkState state, Answered answered) {
    effects.answered(answered.answers());
    return record(BulkDecisions.answered(state, answered.answers(), now()));
  }

  private ReplyEffect<BulkEvent, BulkState> onObserved(BulkState state, Observed observed) {
    effects.observed(observed.observations(), state);
    return record(BulkDecisions.observed(state, observed.observations(), now()));
  }

  private ReplyEffect<BulkEvent, BulkState> onServicesChecked(BulkState state, ServicesChecked checked) {
    effects.servicesChecked();
    // an answer missing leaves existence unconfirmed: it is checked again on the next poll
    boolean undecided = checked.unknown().isEmpty() && checked.failed() > 0;
    return record(undecided ? List.of() : BulkDecisions.servicesChecked(state, checked.unknown(), now()));
  }

  /** Settles what may follow on its own (after a recovery), asks again what failed, polls releases in flight. */
  private ReplyEffect<BulkEvent, BulkState> onPollDue(BulkState state, PollDue due) {
    List<BulkEvent> settled = state.created() ? BulkDecisions.settle(state, now()) : List.of();
    if (settled.isEmpty()) {
      effects.poll(state);
      return Effect().none().thenNoReply();
    }
    return Effect().persist(settled).thenRun(after -> announce(settled, after)).thenRun(this::drive)
        .thenRun(effects::poll).thenNoReply();
  }

  private ReplyEffect<BulkEvent, BulkState> onIdle(BulkState state, Idle idle) {
    if (state.finished()) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return Effect().none().thenNoReply();
  }

  private ReplyEffect<BulkEvent, BulkState> onGet(BulkState state, Get get) {
    if (!state.created()) {
      return notFound(get.replyTo());
    }
    if (state.finished()) {
      timers.startSingleTimer(IDLE_TIMER, Idle.INSTANCE, settings.passivateAfter());
    }
    return Effect().reply(get.replyTo(), BulkViews.of(state, effects::observedOf, node, get.offset(), get.limit(),
        get.only()));
  }

  private ReplyEffect<BulkEvent, BulkState> onCancel(BulkState state, Cancel cancel) {
    if (!state.created()) {
      return notFound(cancel.replyTo());
    }
    BulkDecisions.Decision decision = BulkDecisions.cancel(state, cancel.by(), now());
    if (decision.events().isEmpty()) {
      return Effect().reply(cancel.replyTo(), withSummary(decision.reply(), state));
    }
    return Effect().persist(decision.events()).thenRun(cancelled -> announce(decision.events(), cancelled))
        .thenRun(this::drive).thenReply(cancel.replyTo(), cancelled -> withSummary(decision.reply(), cancelled));
  }

  /** An id nothing was created under: answer, then stop (and leave the remembered entities). */
  private ReplyEffect<BulkEvent, BulkState> notFound(ActorRef<BulkReply> replyTo) {
    return Effect().none()
        .thenRun(unchanged -> shard.tell(new ClusterSharding.Passivate<>(context.getSelf())))
        .thenReply(replyTo, unchanged -> new BulkReply.Rejected(BulkReply.Code.NOT_FOUND,
            "no bulk release " + bulkId));
  }

  private BulkReply withSummary(BulkReply reply, BulkState state) {
    if (reply instanceof BulkReply.Accepted accepted && state.created()) {
      return new BulkReply.Accepted(accepted.outcome(), accepted.message(), BulkViews.summary(state, node));
    }
    return reply;
  }

  /** Persists what a report implies (possibly nothing) and drives the asks of the resulting state. */
  private ReplyEffect<BulkEvent, BulkState> record(List<BulkEvent> events) {
    if (events.isEmpty()) {
      return Effect().none().thenRun(this::drive).thenNoReply();
    }
    return Effect().persist(events).thenRun(after -> announce(events, after)).thenRun(this::drive).thenNoReply();
  }

  /** Logs the turns a bulk takes: accepted, stopped, ended. */
  private void announce(List<BulkEvent> events, BulkState after) {
    for (BulkEvent event : events) {
      if (event instanceof BulkEvent.BulkCreated) {
        context.getLog().info("bulk {}: accepted {} items ({} invalid), at most {} at once, failure budget {}",
            bulkId, after.items().size(), after.count(ItemStatus.INVALID), after.maxConcurrent(),
            after.failureBudget());
      } else if (event instanceof BulkEvent.BudgetExhausted || event instanceof BulkEvent.BulkCancelled
          || event instanceof BulkEvent.BulkRejected) {
        context.getLog().info("bulk {}: {}; no new item starts, {} in flight", bulkId, after.phase().display(),
            after.active());
      }
    }
    if (after.finished() && after.endedAt().equals(events.get(events.size() - 1).at())) {
      context.getLog().info("bulk {}: ended {}, items {}", bulkId, after.phase().display(), after.counts());
    }
  }

  private void drive(BulkState state) {
    if (!state.created()) {
      return;
    }
    if (state.finished()) {
      timers.cancel(POLL_TIMER);
      if (!timers.isTimerActive(IDLE_TIMER)) {
        timers.startSingleTimer(IDLE_TIMER, Idle.INSTANCE, settings.passivateAfter());
      }
      return;
    }
    if (!timers.isTimerActive(POLL_TIMER)) {
      timers.startTimerWithFixedDelay(POLL_TIMER, PollDue.INSTANCE, settings.pollInterval());
    }
    effects.drive(state);
  }
}
