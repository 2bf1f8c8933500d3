package io.flotilla.engine.endpoint;

import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.endpoint.EndpointEvent.*;
import io.flotilla.model.ReleasePhase;
import io.flotilla.model.RolloutStep;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure decisions for user commands: validate against the current state, then say which events record the change.
 * A rejected command changes nothing.
 */
final class CommandDecisions {
  private CommandDecisions() {}

  static Decision putSpec(EndpointState state, String service, ServiceSpec spec, String by, Instant now) {
    if (!service.equals(spec.name())) {
      return Decision.reject(new Reply.Rejected(Reply.Code.INVALID,
          "name: '" + spec.name() + "' does not match the service in the path ('" + service + "')"));
    }
    if (state.deleting()) {
      return Decision.reject(Reply.conflict("service '" + service + "' is being deleted"));
    }
    if (state.registered()) {
      if (spec.equals(state.spec())) {
        return Decision.accept(new Reply.Accepted("unchanged", "spec is identical to revision " + state.revision(),
            null, state.revision()));
      }
      if (!spec.account().equals(state.spec().account()) || !spec.region().equals(state.spec().region())) {
        return Decision.reject(new Reply.Rejected(Reply.Code.INVALID,
            "account: an existing service cannot move to another account or region (it is in "
                + state.spec().account() + "/" + state.spec().region() + ")"));
      }
    }
    int revision = state.revision() + 1;
    return Decision.accept(
        new Reply.Accepted(state.registered() ? "updated" : "created", "revision " + revision, null, revision),
        new SpecChanged(service, revision, spec, now, by));
  }

  /**
   * A release request; one carrying a {@code requestId} the endpoint has seen before is answered with the release
   * that request made (whatever became of it) and changes nothing. {@code by} is who asked.
   */
  static Decision release(EndpointState state, String service, String version, String requestId, String by,
      Instant now) {
    if (!state.registered()) {
      return Decision.reject(Reply.notFound(service));
    }
    if (requestId != null) {
      Optional<String> made = state.releaseRequestedBy(requestId);
      if (made.isPresent()) {
        return Decision.accept(new Reply.Accepted("no-op", "request " + requestId + " already made release "
            + made.get(), made.get(), null));
      }
    }
    if (state.deleting()) {
      return Decision.reject(Reply.conflict("service '" + service + "' is being deleted"));
    }
    String releaseId = "rel-" + (state.releaseCounter() + 1);
    if (!state.releaseInFlight()) {
      Optional<Environment> serving = state.serving();
      if (serving.isPresent() && serving.get().version().equals(version)
          && serving.get().revision() == state.revision()) {
        return Decision.accept(new Reply.Accepted("no-op",
            "version " + version + " already serves with revision " + state.revision(), null, state.revision()));
      }
      Release release = EndpointDecisions.newRelease(state, releaseId, version, now);
      return Decision.accept(new Reply.Accepted("started", "release of " + version + " started", releaseId,
          state.revision()), new ReleaseRequested(service, release, false, now, requestId, by));
    }
    Release active = state.active();
    if (active.version().equals(version) && active.revision() == state.revision()) {
      return Decision.accept(new Reply.Accepted("no-op", "version " + version + " is already being released ("
          + active.id() + ")", active.id(), state.revision()));
    }
    QueuedRelease queued = new QueuedRelease(releaseId, version, now, by);
    if (state.queued() != null) {
      QueuedRelease replaced = state.queued();
      return Decision.accept(
          new Reply.Accepted("replaced-queued", "queued behind " + active.id() + "; replaces queued "
              + replaced.id() + " (" + replaced.version() + ")", releaseId, null),
          new QueuedReleaseReplaced(service, replaced.id(), replaced.version(), releaseId, version, now, by),
          new ReleaseQueued(service, queued, now, requestId, by));
    }
    return Decision.accept(new Reply.Accepted("queued", "queued behind " + active.id() + " (" + active.version()
        + ")", releaseId, null), new ReleaseQueued(service, queued, now, requestId, by));
  }

  /**
   * A rollback request; one carrying a {@code requestId} the endpoint has seen is answered with the release that
   * request acted on and changes nothing (a retry after a timeout must not roll a second release back). An accepted
   * one with a request id records it ({@link RequestRecorded}).
   */
  static Decision rollback(EndpointState state, String service, String reason, String requestId, String by,
      Instant now) {
    if (requestId != null && state.registered()) {
      Optional<String> actedOn = state.releaseRequestedBy(requestId);
      if (actedOn.isPresent()) {
        return Decision.accept(new Reply.Accepted("no-op", "request " + requestId + " already rolled back "
            + actedOn.get(), actedOn.get(), null));
      }
    }
    Decision decision = rollback(state, service, reason, by, now);
    if (requestId == null || decision.events().isEmpty()
        || !(decision.reply() instanceof Reply.Accepted accepted) || accepted.releaseId() == null) {
      return decision;
    }
    List<EndpointEvent> events = new ArrayList<>(decision.events());
    events.add(new RequestRecorded(service, requestId, accepted.releaseId(), now));
    return new Decision(events, decision.reply());
  }

  static Decision rollback(EndpointState state, String service, String reason, String by, Instant now) {
    if (!state.registered()) {
      return Decision.reject(Reply.notFound(service));
    }
    String why = reason == null || reason.isBlank() ? "requested" : reason;
    if (state.releaseInFlight()) {
      Release active = state.active();
      return switch (active.phase()) {
        case REQUESTED, PROVISIONING -> Decision.accept(
            new Reply.Accepted("rolled-back", "no traffic had moved; the new environment is removed", active.id(),
                null),
            withRetirement(state, active, new ReleaseRolledBack(service, active.id(), active.version(),
                active.baselineId(), now, by), now));
        case ROLLING_BACK -> Decision.accept(new Reply.Accepted("no-op", "already rolling back", active.id(), null));
        default -> {
          if (active.baselineId() == null) {
            yield Decision.reject(Reply.conflict("nothing to roll back to: " + active.version()
                + " is the first release of '" + service + "'; abort it instead"));
          }
          if (!usable(state, active.baselineId())) {
            yield Decision.reject(Reply.conflict(baselineGone(active)));
          }
          yield Decision.accept(new Reply.Accepted("rolling-back", "all traffic back to " + active.baselineId(),
              active.id(), null),
              new RollbackRequested(service, active.id(), active.baselineId(), why, false, false, now, by));
        }
      };
    }
    Optional<Environment> previous = state.environment(state.previousId())
        .filter(env -> env.state() == EnvironmentState.READY);
    Optional<Environment> serving = state.serving();
    if (previous.isPresent() && serving.isPresent()) {
      String releaseId = "rel-" + (state.releaseCounter() + 1);
      Environment target = previous.get();
      Release rollback = Release.requested(releaseId, Release.Kind.ROLLBACK, target.version(), target.revision(),
          target.id(), serving.get().id(), List.of(new RolloutStep(100, null)), false, now, why);
      return Decision.accept(
          new Reply.Accepted("rolling-back", "all traffic back to hot environment " + target.id() + " ("
              + target.version() + ")", releaseId, null),
          new ReleaseRequested(service, rollback, false, now, null, by),
          new RollbackRequested(service, releaseId, target.id(), why, false, false, now, by));
    }
    Optional<Release> lastPromoted = state.history().stream()
        .filter(r -> r.phase() == ReleasePhase.PROMOTED && r.kind() == Release.Kind.RELEASE)
        .reduce((first, second) -> second);
    Optional<String> previousVersion = lastPromoted.flatMap(promoted -> state.environment(promoted.baselineId())
        .map(Environment::version).or(() -> versionPromotedBefore(state, promoted)));
    if (previousVersion.isPresent()) {
      Decision redeploy = release(state, service, previousVersion.get(), null, by, now);
      return redeploy.reply() instanceof Reply.Accepted accepted
          ? new Decision(redeploy.events(), new Reply.Accepted("redeploying", "previous environment is no longer "
              + "hot; releasing " + previousVersion.get() + " again", accepted.releaseId(), accepted.revision()))
          : redeploy;
    }
    return Decision.reject(Reply.conflict("nothing to roll back to: no previous version of '" + service + "'"));
  }

  private static Optional<String> versionPromotedBefore(EndpointState state, Release promoted) {
    List<Release> history = state.history();
    for (int i = history.indexOf(promoted) - 1; i >= 0; i--) {
      if (history.get(i).phase() == ReleasePhase.PROMOTED) {
        return Optional.of(history.get(i).version());
      }
    }
    return Optional.empty();
  }

  static Decision pause(EndpointState state, String service, String by, Instant now) {
    Decision refused = requireInFlight(state, service, "pause");
    if (refused != null) {
      return refused;
    }
    if (state.active().paused()) {
      return Decision.accept(new Reply.Accepted("no-op", "already paused", state.active().id(), null));
    }
    if (state.active().phase() == ReleasePhase.ROLLING_BACK) {
      return Decision.reject(Reply.conflict("a rollback cannot be paused"));
    }
    return Decision.accept(new Reply.Accepted("paused", "release paused", state.active().id(), null),
        new ReleasePaused(service, state.active().id(), now, by));
  }

  static Decision resume(EndpointState state, String service, String by, Instant now) {
    Decision refused = requireInFlight(state, service, "resume");
    if (refused != null) {
      return refused;
    }
    if (!state.active().paused()) {
      return Decision.reject(Reply.conflict("release " + state.active().id() + " is not paused"));
    }
    return Decision.accept(new Reply.Accepted("resumed", "release resumed", state.active().id(), null),
        new ReleaseResumed(service, state.active().id(), now, by));
  }

  static Decision promote(EndpointState state, String service, String by, Instant now) {
    Decision refused = requireInFlight(state, service, "promote");
    if (refused != null) {
      return refused;
    }
    Release active = state.active();
    return switch (active.phase()) {
      case PREVIEWING -> Decision.accept(new Reply.Accepted("promoting", "preview ended; traffic steps begin",
          active.id(), null), active.paused()
          ? new EndpointEvent[] {new ReleaseResumed(service, active.id(), now, by),
              EndpointDecisions.shift(state, active, 0, now)}
          : new EndpointEvent[] {EndpointDecisions.shift(state, active, 0, now)});
      case SHIFTING, HOLDING -> {
        Release atLast = active.shifting(active.steps().size() - 1, now);
        yield Decision.accept(new Reply.Accepted("promoting", "100% to " + active.version() + " now", active.id(),
            null), new PromotionRequested(service, active.id(), now, by),
            new TrafficShiftRequested(service, active.id(), atLast.step(),
                new TrafficSplit(Map.of(active.environmentId(), 100)), now));
      }
      case REQUESTED, PROVISIONING -> Decision.reject(Reply.conflict("release " + active.id()
          + " has no healthy environment yet; promote once it is shifting"));
      default -> Decision.reject(Reply.conflict("release " + active.id() + " is " + active.phase().display()));
    };
  }

  static Decision abort(EndpointState state, String service, String reason, String by, Instant now) {
    Decision refused = requireInFlight(state, service, "abort");
    if (refused != null) {
      return refused;
    }
    Release active = state.active();
    String why = reason == null || reason.isBlank() ? "aborted by request" : reason;
    if (active.phase() == ReleasePhase.ROLLING_BACK) {
      return Decision.reject(Reply.conflict("release " + active.id() + " is already rolling back"));
    }
    boolean trafficMoved = active.environmentId() != null && state.desired().weightOf(active.environmentId()) > 0;
    if (trafficMoved && active.baselineId() != null) {
      if (!usable(state, active.baselineId())) {
        return Decision.reject(Reply.conflict(baselineGone(active)));
      }
      return Decision.accept(new Reply.Accepted("aborting", "traffic back to " + active.baselineId(), active.id(),
          null), new RollbackRequested(service, active.id(), active.baselineId(), why, false, true, now, by));
    }
    return Decision.accept(new Reply.Accepted("aborted", why, active.id(), null),
        withRetirement(state, active, new ReleaseAborted(service, active.id(), active.version(), why, now, by), now));
  }

  static Decision delete(EndpointState state, String service, String by, Instant now) {
    if (!state.registered()) {
      return Decision.reject(Reply.notFound(service));
    }
    if (state.releaseInFlight()) {
      return Decision.reject(Reply.conflict("release " + state.active().id() + " is in flight; abort it first"));
    }
    if (state.deleting()) {
      return Decision.accept(new Reply.Accepted("no-op", "already being deleted", null, null));
    }
    return Decision.accept(new Reply.Accepted("deleting", "environments and endpoint are being removed", null, null),
        new ServiceDeletionRequested(service, now, by));
  }

  /** Ends a release before traffic moved, retiring its environment if it was created for it. */
  private static EndpointEvent[] withRetirement(EndpointState state, Release active, EndpointEvent ending,
      Instant now) {
    List<EndpointEvent> events = new ArrayList<>();
    events.add(ending);
    Environment env = active.environmentId() == null ? null : state.environments().get(active.environmentId());
    if (env != null && env.state() == EnvironmentState.PROVISIONING && !state.desiredHas(env.id())) {
      events.add(new EnvironmentRetired(state.spec().name(), env.id(), "release " + active.id() + " ended", now));
    }
    return events.toArray(EndpointEvent[]::new);
  }

  /** An environment traffic can be sent to: known, and not being deleted. */
  private static boolean usable(EndpointState state, String environmentId) {
    return state.environment(environmentId).filter(env -> env.state() != EnvironmentState.DELETING).isPresent();
  }

  private static String baselineGone(Release active) {
    return "the previous environment " + active.baselineId() + " is gone, so traffic cannot go back to it; "
        + "promote " + active.version() + " or release the previous version again";
  }

  private static Decision requireInFlight(EndpointState state, String service, String action) {
    if (!state.registered()) {
      return Decision.reject(Reply.notFound(service));
    }
    if (!state.releaseInFlight()) {
      return Decision.reject(Reply.conflict("cannot " + action + ": no release of '" + service + "' is in flight"));
    }
    return null;
  }
}
