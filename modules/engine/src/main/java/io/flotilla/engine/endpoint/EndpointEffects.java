package io.flotilla.engine.endpoint;

import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.children.EnvironmentProvisioner;
import io.flotilla.engine.children.PreviewOpener;
import io.flotilla.engine.children.StackCollector;
import io.flotilla.cloud.CallPriority;
import io.flotilla.engine.children.TrafficShifter;
import io.flotilla.engine.children.VersionComparator;
import io.flotilla.judge.JudgeSettings;
import io.flotilla.engine.endpoint.EndpointCommand.ChildStopped;
import io.flotilla.engine.endpoint.EndpointCommand.RetryDue;
import io.flotilla.model.ReleasePhase;
import io.flotilla.model.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The effects of one endpoint incarnation: which children run, which failed effects are backing off, and the one
 * timer for the next due moment. Nothing here is persisted; {@link #drive} rebuilds it from the state, so a
 * restarted entity picks up every effect its state says is in flight. Keys name effects: {@code provision-<env>},
 * {@code collect-<env>}, {@code traffic}, {@code preview-open-<release>}, {@code preview-close},
 * {@code endpoint-delete}, {@code compare-<release>}.
 */
final class EndpointEffects {
  static final String TRAFFIC = "traffic";
  static final String ENDPOINT_DELETE = "endpoint-delete";
  static final String PREVIEW_CLOSE = "preview-close";
  private static final String DUE_TIMER = "due";

  private final String service;
  private final EndpointDependencies deps;
  private final ActorContext<EndpointCommand> context;
  private final TimerScheduler<EndpointCommand> timers;
  private final Map<String, ActorRef<Void>> children = new HashMap<>();
  private final Map<String, ActorRef<EnvironmentProvisioner.Message>> provisioners = new HashMap<>();
  private final Set<String> cancelled = new HashSet<>();
  private final Set<String> reported = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Set<String> backingOff = new HashSet<>();
  private String trafficKey;
  private TrafficSplit trafficInFlight;
  private int counter;

  EndpointEffects(String service, EndpointDependencies deps, ActorContext<EndpointCommand> context,
      TimerScheduler<EndpointCommand> timers) {
    this.service = service;
    this.deps = deps;
    this.context = context;
    this.timers = timers;
  }

  /** True while a traffic call is in flight: a scan cannot judge the weights then. */
  boolean trafficBusy() {
    return trafficInFlight != null;
  }

  boolean idle() {
    return children.isEmpty() && provisioners.isEmpty();
  }

  static String provisionKey(String environmentId) {
    return "provision-" + environmentId;
  }

  static String collectKey(String environmentId) {
    return "collect-" + environmentId;
  }

  static String previewOpenKey(String releaseId) {
    return "preview-open-" + releaseId;
  }

  /** A child reported its effect done: its failure count resets. */
  void succeeded(String key) {
    reported.add(key);
    failures.remove(key);
  }

  /** The provisioner reported: it stops by itself (after any create in flight), so it needs no cancel. */
  void provisionerReported(String environmentId) {
    String key = provisionKey(environmentId);
    failures.remove(key);
    if (provisioners.containsKey(key)) {
      cancelled.add(key);
    }
  }

  void trafficApplied(TrafficSplit split) {
    succeeded(TRAFFIC);
    if (trafficInFlight != null && trafficInFlight.sameAs(split)) {
      trafficInFlight = null;
    }
  }

  /** A child's effect failed after its own retries: the effect is not started again until a backoff passes. */
  void failed(String key, String reason) {
    reported.add(key);
    int count = failures.merge(key, 1, Integer::sum);
    Duration backoff = deps.settings().backoff(count);
    context.getLog().warn("{}: {} (attempt {}, retrying in {} ms)", service, reason, count, backoff.toMillis());
    if (key.equals(TRAFFIC)) {
      trafficInFlight = null;
    }
    backingOff.add(key);
    timers.startSingleTimer("retry-" + key, new RetryDue(key), backoff);
  }

  void retryDue(String key) {
    backingOff.remove(key);
  }

  /** A child stopped; one that stopped without reporting is treated as a failure, so it cannot spin. */
  void childStopped(String key) {
    children.remove(key);
    provisioners.remove(key);
    if (cancelled.remove(key)) {
      return;
    }
    if (key.equals(trafficKey)) {
      trafficKey = null;
      if (trafficInFlight != null) {
        failed(TRAFFIC, "traffic change stopped without reporting");
      }
      return;
    }
    if (key.startsWith("traffic-")) {
      return;
    }
    if (!reported.remove(key)) {
      failed(key, key + " stopped without reporting");
    }
  }

  /** Starts whatever the state says is in flight and is not running; stops what is no longer wanted. Idempotent. */
  void drive(EndpointState state) {
    ServiceSpec spec = state.spec();
    for (String key : Set.copyOf(provisioners.keySet())) {
      String environmentId = key.substring("provision-".length());
      boolean wanted = state.environment(environmentId)
          .filter(env -> env.state() == EnvironmentState.PROVISIONING).isPresent();
      if (!wanted && cancelled.add(key)) {
        provisioners.get(key).tell(EnvironmentProvisioner.Cancel.INSTANCE);
      }
    }
    for (Environment env : state.environments().values()) {
      switch (env.state()) {
        case PROVISIONING -> startProvisioner(state, env);
        // never delete while a create for the same environment may still land
        case DELETING -> {
          if (!provisioners.containsKey(provisionKey(env.id()))) {
            ensureChild(collectKey(env.id()), () -> StackCollector.environment(placement(spec), env.id(),
                deps.cloud().environments(), context.getSelf(), deps.settings(), collectKey(env.id())));
          }
        }
        default -> { }
      }
    }
    driveTraffic(state);
    drivePreview(state);
    driveComparison(state);
    if (state.deleting() && state.environments().isEmpty() && !state.endpointRemoved()) {
      ensureChild(ENDPOINT_DELETE, () -> StackCollector.endpoint(endpointRef(spec), deps.cloud().traffic(),
          context.getSelf(), deps.settings(), ENDPOINT_DELETE));
    }
    scheduleNextDue(state);
  }

  private void startProvisioner(EndpointState state, Environment env) {
    String key = provisionKey(env.id());
    if (provisioners.containsKey(key) || backingOff.contains(key)) {
      return;
    }
    ActorRef<EnvironmentProvisioner.Message> child = context.spawn(EnvironmentProvisioner.create(
        environmentRequest(state, env), env.createdAt(), state.spec().rollout().environmentTimeout(),
        deps.cloud().environments(), context.getSelf(), deps.settings(), deps.clock()), key + "-" + (++counter));
    context.watchWith(child, new ChildStopped(key));
    provisioners.put(key, child);
  }

  private void driveTraffic(EndpointState state) {
    TrafficSplit desired = state.desired();
    if (desired.nonZero().isEmpty() || desired.sameAs(state.applied()) || backingOff.contains(TRAFFIC)
        || (trafficInFlight != null && trafficInFlight.sameAs(desired))) {
      return;
    }
    boolean targetsReady = desired.nonZero().keySet().stream().allMatch(id -> state.environment(id)
        .filter(env -> env.state() == EnvironmentState.READY).isPresent());
    if (!targetsReady) {
      return;
    }
    if (trafficKey != null && children.containsKey(trafficKey)) {
      // a newer split replaces the call in flight at once (a rollback does not queue behind a step); the old
      // child stops retrying, and should its call land last, the reconcile restores the desired split
      context.stop(children.get(trafficKey));
    }
    trafficKey = "traffic-" + (++counter);
    trafficInFlight = desired;
    Release active = state.active();
    CallPriority priority = active != null && active.phase() == ReleasePhase.ROLLING_BACK
        ? CallPriority.ROLLBACK : CallPriority.SHIFT;
    spawn(trafficKey, TrafficShifter.create(endpointRef(state.spec()), desired, priority, deps.cloud().traffic(),
        context.getSelf(), deps.settings(), TRAFFIC));
  }

  private void drivePreview(EndpointState state) {
    Release active = state.active();
    boolean previewing = active != null && active.phase() == ReleasePhase.PREVIEWING;
    if (previewing && state.previewUrl() == null) {
      String key = previewOpenKey(active.id());
      ensureChild(key, () -> PreviewOpener.open(endpointRef(state.spec()), active.id(), active.environmentId(),
          deps.cloud().traffic(), deps.cloud().previews(), context.getSelf(), deps.settings(), key));
    } else if (!previewing && state.previewUrl() != null) {
      ensureChild(PREVIEW_CLOSE, () -> PreviewOpener.close(endpointRef(state.spec()), deps.cloud().previews(),
          context.getSelf(), deps.settings(), PREVIEW_CLOSE));
    }
  }

  /** One comparator per release while its canary and baseline share traffic; stopped as soon as they do not. */
  private void driveComparison(EndpointState state) {
    Release active = state.active();
    String wanted = null;
    if (active != null && active.analysis() != null
        && (active.phase() == ReleasePhase.SHIFTING || active.phase() == ReleasePhase.HOLDING)
        && EndpointDecisions.compares(active, state.specAt(active.revision()).analysis())) {
      wanted = compareKey(active.id(), active.analysis().since());
    }
    for (String key : Set.copyOf(children.keySet())) {
      if (key.startsWith("compare-") && !key.equals(wanted) && cancelled.add(key)) {
        context.stop(children.get(key));
      }
    }
    if (wanted != null) {
      VersionComparator.Target target = new VersionComparator.Target(active.id(), endpointRef(state.spec()),
          active.baselineId(), active.environmentId(), state.specAt(active.revision()).analysis(),
          active.analysis().since());
      ensureChild(wanted, () -> VersionComparator.create(target, deps.cloud().metrics(), deps.cloud().alarms(),
          JudgeSettings.DEFAULT, context.getSelf(), deps.settings(), deps.clock()));
    }
  }

  /** One comparator per release and step window: a new step stops the old one and starts a fresh one. */
  static String compareKey(String releaseId, Instant since) {
    return "compare-" + releaseId + "-" + since.toEpochMilli();
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
    Duration delay = Duration.between(deps.clock().instant(), due);
    timers.startSingleTimer(DUE_TIMER, EndpointCommand.Tick.INSTANCE, delay.isNegative() ? Duration.ZERO : delay);
  }

  private void ensureChild(String key, Supplier<Behavior<Void>> behavior) {
    if (!children.containsKey(key) && !backingOff.contains(key)) {
      spawn(key, behavior.get());
    }
  }

  private void spawn(String key, Behavior<Void> behavior) {
    ActorRef<Void> child = context.spawn(behavior, key + "-" + (++counter));
    context.watchWith(child, new ChildStopped(key));
    children.put(key, child);
  }

  private EnvironmentRequest environmentRequest(EndpointState state, Environment env) {
    ServiceSpec atRevision = state.revisions().stream()
        .filter(revision -> revision.number() == env.revision())
        .map(Revision::spec)
        .findFirst()
        .orElse(state.spec());
    return new EnvironmentRequest(env.id(), placement(state.spec()), service, env.version(), env.revision(),
        atRevision.image(), atRevision.runtime(), Map.of(
            Tags.SERVICE, service,
            Tags.VERSION, env.version(),
            Tags.REVISION, Integer.toString(env.revision()),
            Tags.ENV_ID, env.id(),
            Tags.OWNER, deps.settings().owner()));
  }

  static Placement placement(ServiceSpec spec) {
    return new Placement(spec.account(), spec.region());
  }

  static EndpointRef endpointRef(ServiceSpec spec) {
    return new EndpointRef(placement(spec), spec.name(), spec.endpoint());
  }
}
