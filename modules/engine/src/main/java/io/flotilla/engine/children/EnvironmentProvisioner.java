package io.flotilla.engine.children;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointCommand.EnvironmentHealthy;
import io.flotilla.engine.endpoint.EndpointCommand.EnvironmentUnavailable;
import io.flotilla.model.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Creates an environment (idempotent by id, so a repeat after a crash finds the existing one), then polls it until
 * its instances pass health checks, and reports {@link EnvironmentHealthy}; or {@link EnvironmentUnavailable} when
 * the deadline ({@code environmentTimeout} after creation was decided) passes or creation fails for good.
 */
public final class EnvironmentProvisioner {
  /** What the provisioner accepts from its parent: {@link Cancel}; the rest is its own. */
  public sealed interface Message {}

  /**
   * The environment is no longer wanted: stop without reporting, but only after a create call in flight has
   * completed, so that a deletion that follows cannot be overtaken by that create.
   */
  public enum Cancel implements Message { INSTANCE }

  private record Created(EnvironmentInfo info, Throwable error) implements Message {}

  private record Described(Optional<EnvironmentInfo> info, Throwable error) implements Message {}

  private enum Poll implements Message { INSTANCE }

  private enum Create implements Message { INSTANCE }

  private enum Deadline implements Message { INSTANCE }

  private final EnvironmentRequest request;
  private final EnvironmentPort environments;
  private final ActorRef<EndpointCommand> parent;
  private final EngineSettings settings;
  private final Duration timeout;
  private final ActorContext<Message> context;
  private final TimerScheduler<Message> timers;
  private int createAttempts;
  private boolean creating;
  private boolean cancelled;
  private EnvironmentInfo lastSeen;

  private EnvironmentProvisioner(EnvironmentRequest request, EnvironmentPort environments,
      ActorRef<EndpointCommand> parent, EngineSettings settings, Duration timeout, ActorContext<Message> context,
      TimerScheduler<Message> timers) {
    this.request = request;
    this.environments = environments;
    this.parent = parent;
    this.settings = settings;
    this.timeout = timeout;
    this.context = context;
    this.timers = timers;
  }

  /**
   * @param startedAt when creation was decided (persisted), so a provisioner restarted after a crash keeps the
   *     original deadline
   */
  public static Behavior<Message> create(EnvironmentRequest request, Instant startedAt, Duration timeout,
      EnvironmentPort environments, ActorRef<EndpointCommand> parent, EngineSettings settings, Clock clock) {
    return Behaviors.<Message>setup(context -> Behaviors.withTimers(timers -> {
      EnvironmentProvisioner provisioner =
          new EnvironmentProvisioner(request, environments, parent, settings, timeout, context, timers);
      Duration remaining = Duration.between(clock.instant(), startedAt.plus(timeout));
      timers.startSingleTimer(Deadline.INSTANCE, remaining.isNegative() ? Duration.ZERO : remaining);
      provisioner.createEnvironment();
      return provisioner.behavior();
    }));
  }

  private Behavior<Message> behavior() {
    return Behaviors.receive(Message.class)
        .onMessage(Created.class, this::onCreated)
        .onMessage(Described.class, this::onDescribed)
        .onMessageEquals(Poll.INSTANCE, this::onPoll)
        .onMessageEquals(Create.INSTANCE, () -> {
          createEnvironment();
          return Behaviors.same();
        })
        .onMessageEquals(Deadline.INSTANCE, this::onDeadline)
        .onMessageEquals(Cancel.INSTANCE, this::onCancel)
        .build();
  }

  private Behavior<Message> onCancel() {
    cancelled = true;
    return creating ? Behaviors.same() : Behaviors.stopped();
  }

  private void createEnvironment() {
    createAttempts++;
    creating = true;
    context.pipeToSelf(environments.create(request).toCompletableFuture()
            .orTimeout(settings.cloudCallTimeout().toMillis(), TimeUnit.MILLISECONDS),
        Created::new);
  }

  private Behavior<Message> onCreated(Created created) {
    creating = false;
    if (cancelled) {
      return Behaviors.stopped();
    }
    if (created.error() != null) {
      Throwable cause = CloudCall.unwrap(created.error());
      if (!CloudCall.retryable(cause)) {
        parent.tell(new EnvironmentUnavailable(request.environmentId(), "create failed: " + CloudCall.describe(cause)));
        return Behaviors.stopped();
      }
      context.getLog().debug("create of {} failed, retrying: {}", request.environmentId(), CloudCall.describe(cause));
      timers.startSingleTimer(Create.INSTANCE, settings.backoff(createAttempts));
      return Behaviors.same();
    }
    return checkHealth(created.info());
  }

  private Behavior<Message> onPoll() {
    context.pipeToSelf(environments.describe(request.placement(), request.environmentId()).toCompletableFuture()
            .orTimeout(settings.cloudCallTimeout().toMillis(), TimeUnit.MILLISECONDS),
        Described::new);
    return Behaviors.same();
  }

  private Behavior<Message> onDescribed(Described described) {
    if (described.error() != null) {
      timers.startSingleTimer(Poll.INSTANCE, settings.provisionPollInterval());
      return Behaviors.same();
    }
    if (cancelled) {
      return Behaviors.stopped();
    }
    if (described.info().isEmpty()) {
      // vanished while starting (deleted behind our back): create it again under the same id
      createEnvironment();
      return Behaviors.same();
    }
    return checkHealth(described.info().get());
  }

  private Behavior<Message> checkHealth(EnvironmentInfo info) {
    lastSeen = info;
    if (info.status() == EnvironmentStatus.HEALTHY && info.healthyInstances() >= request.runtime().minInstances()) {
      parent.tell(new EnvironmentHealthy(request.environmentId(), info.healthyInstances()));
      return Behaviors.stopped();
    }
    timers.startSingleTimer(Poll.INSTANCE, settings.provisionPollInterval());
    return Behaviors.same();
  }

  private Behavior<Message> onDeadline() {
    if (creating) {
      // report only once the create in flight has landed, for the same reason as a cancel
      cancelled = true;
      parent.tell(new EnvironmentUnavailable(request.environmentId(), deadlineReason()));
      return Behaviors.same();
    }
    parent.tell(new EnvironmentUnavailable(request.environmentId(), deadlineReason()));
    return Behaviors.stopped();
  }

  private String deadlineReason() {
    String seen = lastSeen == null ? "never created"
        : lastSeen.healthyInstances() + "/" + request.runtime().minInstances() + " instances healthy, status "
            + lastSeen.status();
    return "not healthy within environmentTimeout (" + DurationText.format(timeout) + "): " + seen;
  }
}
