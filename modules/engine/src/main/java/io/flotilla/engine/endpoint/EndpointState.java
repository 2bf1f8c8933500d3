package io.flotilla.engine.endpoint;

import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.CborSerializable;
import io.flotilla.engine.endpoint.EndpointEvent.*;
import io.flotilla.judge.JudgeSettings;
import io.flotilla.model.ReleasePhase;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The endpoint's desired state, immutable: spec revisions, environments, desired and last applied traffic split,
 * the active release, at most one queued release, and a bounded history. {@link #apply} is the only way it changes.
 * {@code recentRequests} remembers which release the last request ids made, so a repeated request is recognised.
 */
public record EndpointState(
    ServiceSpec spec,
    int revision,
    List<Revision> revisions,
    Map<String, Environment> environments,
    TrafficSplit desired,
    TrafficSplit applied,
    Instant appliedAt,
    Release active,
    QueuedRelease queued,
    List<Release> history,
    String previousId,
    int environmentCounter,
    int releaseCounter,
    boolean deleting,
    boolean endpointRemoved,
    String endpointUrl,
    String previewUrl,
    List<SeenRequest> recentRequests) implements CborSerializable {

  static final int MAX_HISTORY = 20;
  static final int MAX_REVISIONS = 50;
  /** Retries come within minutes of the first request; twenty is plenty and keeps the state small. */
  static final int MAX_RECENT_REQUESTS = 20;

  /** A request id and the release it made. */
  public record SeenRequest(String requestId, String releaseId) implements CborSerializable {}

  public EndpointState {
    revisions = List.copyOf(revisions);
    environments = Map.copyOf(environments);
    history = List.copyOf(history);
    // snapshots from before request ids have none
    recentRequests = recentRequests == null ? List.of() : List.copyOf(recentRequests);
  }

  public static EndpointState empty() {
    return new EndpointState(null, 0, List.of(), Map.of(), TrafficSplit.EMPTY, TrafficSplit.EMPTY, null, null, null,
        List.of(), null, 0, 0, false, false, null, null, List.of());
  }

  /** The release an earlier request with {@code requestId} made, if this endpoint still remembers it. */
  public Optional<String> releaseRequestedBy(String requestId) {
    return recentRequests.stream().filter(seen -> seen.requestId().equals(requestId))
        .map(SeenRequest::releaseId).findFirst();
  }

  /** Where the release {@code releaseId} stands: active, queued, in the history, or unknown. */
  public Reply.ReleaseProgress progressOf(String releaseId) {
    if (active != null && active.id().equals(releaseId)) {
      return new Reply.ReleaseProgress(releaseId, Reply.Standing.ACTIVE, active.version(), active.phase(),
          active.reason());
    }
    if (queued != null && queued.id().equals(releaseId)) {
      return new Reply.ReleaseProgress(releaseId, Reply.Standing.QUEUED, queued.version(), null, null);
    }
    for (int i = history.size() - 1; i >= 0; i--) {
      Release finished = history.get(i);
      if (finished.id().equals(releaseId)) {
        return new Reply.ReleaseProgress(releaseId, Reply.Standing.FINISHED, finished.version(), finished.phase(),
            finished.reason());
      }
    }
    return new Reply.ReleaseProgress(releaseId, Reply.Standing.UNKNOWN, null, null, null);
  }

  /** The spec of a revision still kept (releases and environments use theirs), else the current one. */
  public ServiceSpec specAt(int revisionNumber) {
    return revisions.stream().filter(r -> r.number() == revisionNumber).map(Revision::spec).findFirst()
        .orElse(spec);
  }

  public boolean registered() {
    return spec != null;
  }

  public Optional<Environment> environment(String id) {
    return Optional.ofNullable(id == null ? null : environments.get(id));
  }

  /** The environment with the largest desired weight, i.e. what serves now (the baseline of a new release). */
  public Optional<Environment> serving() {
    return desired.nonZero().entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .flatMap(entry -> environment(entry.getKey()));
  }

  /** True when a release is in flight and not yet at a terminal phase. */
  public boolean releaseInFlight() {
    return active != null && !active.phase().isTerminal();
  }

  boolean desiredHas(String environmentId) {
    return desired.weightOf(environmentId) > 0;
  }

  /** Environments that are in use: receiving traffic, or part of the active release. */
  boolean inUse(String environmentId) {
    if (desired.weightOf(environmentId) > 0) {
      return true;
    }
    return active != null && (environmentId.equals(active.environmentId()) || environmentId.equals(active.baselineId()));
  }

  public EndpointState apply(EndpointEvent event) {
    return applyEvent(event).normalizeIdle(event.at());
  }

  private EndpointState applyEvent(EndpointEvent event) {
    if (event instanceof SpecChanged e) {
      List<Revision> newRevisions = new ArrayList<>(revisions);
      newRevisions.add(new Revision(e.revision(), e.spec(), e.at()));
      trimRevisions(newRevisions);
      return with(b -> {
        b.spec = e.spec();
        b.revision = e.revision();
        b.revisions = newRevisions;
        b.deleting = false;
        b.endpointRemoved = false;
      });
    } else if (event instanceof ReleaseRequested e) {
      return with(b -> {
        b.active = e.release();
        b.releaseCounter = Math.max(releaseCounter, sequenceOf(e.release().id()));
        if (e.fromQueue()) {
          b.queued = null;
        }
        b.recentRequests = seen(e.requestId(), e.release().id());
      });
    } else if (event instanceof ReleaseQueued e) {
      return with(b -> {
        b.queued = e.queued();
        b.releaseCounter = Math.max(releaseCounter, sequenceOf(e.queued().id()));
        b.recentRequests = seen(e.requestId(), e.queued().id());
      });
    } else if (event instanceof RequestRecorded e) {
      return with(b -> b.recentRequests = seen(e.requestId(), e.releaseId()));
    } else if (event instanceof QueuedReleaseReplaced) {
      return with(b -> b.queued = null);
    } else if (event instanceof EnvironmentRequested e) {
      return with(b -> {
        b.environments = put(environments, e.environment());
        b.environmentCounter = environmentCounter + 1;
        b.active = active.environment(e.environment().id()).phase(ReleasePhase.PROVISIONING, e.at(), null);
      });
    } else if (event instanceof EnvironmentReady e) {
      return withEnvironment(e.environmentId(), env -> env.ready(e.at()));
    } else if (event instanceof EnvironmentFailed e) {
      return withEnvironment(e.environmentId(), env -> env.withState(EnvironmentState.DELETING));
    } else if (event instanceof ReleaseFailed e) {
      return finish(active.phase(ReleasePhase.FAILED, e.at(), e.reason()));
    } else if (event instanceof PreviewStarted e) {
      return with(b -> b.active = active.previewing(e.until(), e.at()));
    } else if (event instanceof PreviewOpened e) {
      return with(b -> b.previewUrl = e.url());
    } else if (event instanceof PreviewClosed) {
      return with(b -> b.previewUrl = null);
    } else if (event instanceof EnvironmentReused e) {
      return with(b -> b.active = active.environment(e.environmentId()).phase(ReleasePhase.PROVISIONING, e.at(), null));
    } else if (event instanceof QueuedReleaseSkipped) {
      return with(b -> b.queued = null);
    } else if (event instanceof TrafficShiftRequested e) {
      // what the cloud has is unknown until this change is confirmed: a call still in flight may land either way
      return with(b -> {
        b.desired = e.split();
        b.applied = TrafficSplit.EMPTY;
        b.active = active.shifting(e.step(), e.at());
      });
    } else if (event instanceof TrafficShifted e) {
      return with(b -> {
        b.applied = e.split();
        b.appliedAt = e.at();
        if (e.endpointUrl() != null) {
          b.endpointUrl = e.endpointUrl();
        }
        // each step's comparison window starts when its weights are applied
        if (active != null && active.baselineId() != null && active.environmentId() != null
            && e.split().weightOf(active.environmentId()) > 0) {
          b.active = active.analysis(active.analysis() == null ? Analysis.startedAt(e.at())
              : active.analysis().restartedAt(e.at()));
        }
      });
    } else if (event instanceof AnalysisRecorded e) {
      Analysis analysis = active.analysis().recorded(e.judgement(), e.alarmsFiring(), e.at());
      // the release says why it holds when the metrics source keeps failing (the version is not judged bad)
      boolean sourceFailing = analysis.ledger().sourceErrorLimitReached(JudgeSettings.DEFAULT);
      Release updated = sourceFailing ? active.analysis(analysis).reason(analysis.ledger().sourceErrorReason())
          : active.analysis(analysis).reason(sourceErrorReason(active) ? null : active.reason());
      return with(b -> b.active = updated);
    } else if (event instanceof StepHeld e) {
      return with(b -> b.active = active.holding(e.until(), e.at()));
    } else if (event instanceof ReleasePromoted e) {
      EndpointState finished = finish(active.phase(ReleasePhase.PROMOTED, e.at(), null));
      return finished.with(b -> b.previousId = e.previousId());
    } else if (event instanceof RollbackRequested e) {
      return with(b -> {
        b.desired = new TrafficSplit(Map.of(e.targetId(), 100));
        b.applied = TrafficSplit.EMPTY;
        b.active = active.rollingBack(e.abort(), e.reason(), e.at());
      });
    } else if (event instanceof ReleaseRolledBack e) {
      // rolling back a promotion makes its hot target serve: it is no longer a rollback target
      boolean rolledBackPromotion = active.kind() == Release.Kind.ROLLBACK;
      EndpointState finished = finish(active.phase(ReleasePhase.ROLLED_BACK, e.at(), null));
      return rolledBackPromotion ? finished.with(b -> b.previousId = null) : finished;
    } else if (event instanceof ReleaseAborted e) {
      return finish(active.phase(ReleasePhase.ABORTED, e.at(), e.reason()));
    } else if (event instanceof ReleasePaused e) {
      return with(b -> b.active = active.paused(true, e.at()));
    } else if (event instanceof ReleaseResumed e) {
      return with(b -> b.active = active.paused(false, e.at()));
    } else if (event instanceof PromotionRequested e) {
      return with(b -> b.active = active.promoting(e.at()));
    } else if (event instanceof EnvironmentRetired e) {
      return withEnvironment(e.environmentId(), env -> env.withState(EnvironmentState.DELETING)).with(b -> {
        if (e.environmentId().equals(previousId)) {
          b.previousId = null;
        }
      });
    } else if (event instanceof EnvironmentDeleted e) {
      Map<String, Environment> remaining = new TreeMap<>(environments);
      remaining.remove(e.environmentId());
      return with(b -> b.environments = remaining);
    } else if (event instanceof DriftDetected e) {
      return applyDrift(e);
    } else if (event instanceof EndpointRemoved) {
      return with(b -> {
        b.endpointRemoved = true;
        b.endpointUrl = null;
      });
    } else if (event instanceof ServiceDeletionRequested) {
      return with(b -> {
        b.deleting = true;
        b.queued = null;
        b.desired = TrafficSplit.EMPTY;
      });
    } else if (event instanceof ServiceDeleted) {
      return with(b -> {
        b.spec = null;
        b.deleting = false;
        b.environments = Map.of();
        b.desired = TrafficSplit.EMPTY;
        b.applied = TrafficSplit.EMPTY;
        b.previousId = null;
      });
    }
    throw new IllegalStateException("unhandled event " + event.type());
  }

  private EndpointState applyDrift(DriftDetected e) {
    return switch (e.kind()) {
      case ENVIRONMENT_MISSING -> {
        Environment env = environments.get(e.environmentId());
        if (env == null) {
          yield this;
        }
        if (inUse(env.id())) {
          // it must serve: re-create it under the same id; weights are re-applied once it is healthy
          yield withEnvironment(env.id(), missing -> missing.recreating(e.at()))
              .with(b -> b.applied = TrafficSplit.EMPTY);
        }
        Map<String, Environment> remaining = new TreeMap<>(environments);
        remaining.remove(env.id());
        yield with(b -> {
          b.environments = remaining;
          if (env.id().equals(previousId)) {
            b.previousId = null;
          }
        });
      }
      case WEIGHTS_CHANGED -> with(b -> b.applied = TrafficSplit.EMPTY);
      case UNKNOWN_ENVIRONMENT -> with(b -> b.environments = put(environments,
          new Environment(e.environmentId(), e.version(), 0, EnvironmentState.DELETING, e.at(), null, e.at(), true)));
    };
  }

  private static boolean sourceErrorReason(Release release) {
    return release.reason() != null && release.reason().startsWith("metrics source failed");
  }

  /** Keeps at most MAX_REVISIONS, dropping the oldest that no environment still runs (it may need re-creating). */
  private void trimRevisions(List<Revision> list) {
    java.util.Iterator<Revision> oldestFirst = list.iterator();
    while (list.size() > MAX_REVISIONS && oldestFirst.hasNext()) {
      int number = oldestFirst.next().number();
      if (environments.values().stream().noneMatch(env -> env.revision() == number)) {
        oldestFirst.remove();
      }
    }
  }

  private List<SeenRequest> seen(String requestId, String releaseId) {
    if (requestId == null) {
      return recentRequests;
    }
    List<SeenRequest> updated = new ArrayList<>(recentRequests);
    updated.add(new SeenRequest(requestId, releaseId));
    while (updated.size() > MAX_RECENT_REQUESTS) {
      updated.remove(0);
    }
    return updated;
  }

  /** Ends the active release and keeps it in the bounded history. */
  private EndpointState finish(Release finished) {
    List<Release> newHistory = new ArrayList<>(history);
    newHistory.add(finished);
    if (newHistory.size() > MAX_HISTORY) {
      newHistory.remove(0);
    }
    return with(b -> {
      b.active = null;
      b.history = newHistory;
    });
  }

  /** Marks environments idle from the moment they stop being in use, and busy again when they are. */
  private EndpointState normalizeIdle(Instant at) {
    Map<String, Environment> updated = null;
    for (Environment env : environments.values()) {
      boolean busy = env.state() != EnvironmentState.DELETING && inUse(env.id());
      Environment next = env;
      if (busy && env.idleSince() != null) {
        next = env.idleSince(null);
      } else if (!busy && env.idleSince() == null) {
        next = env.idleSince(at);
      }
      if (next != env) {
        if (updated == null) {
          updated = new TreeMap<>(environments);
        }
        updated.put(env.id(), next);
      }
    }
    if (updated == null) {
      return this;
    }
    Map<String, Environment> finalUpdated = updated;
    return with(b -> b.environments = finalUpdated);
  }

  private EndpointState withEnvironment(String id, java.util.function.UnaryOperator<Environment> change) {
    Environment env = environments.get(id);
    if (env == null) {
      return this;
    }
    return with(b -> b.environments = put(environments, change.apply(env)));
  }

  private static Map<String, Environment> put(Map<String, Environment> map, Environment env) {
    Map<String, Environment> copy = new TreeMap<>(map);
    copy.put(env.id(), env);
    return copy;
  }

  static int sequenceOf(String releaseId) {
    int dash = releaseId.lastIndexOf('-');
    try {
      return Integer.parseInt(releaseId.substring(dash + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private EndpointState with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /** Copy-on-write helper so each event handler names only the fields it changes. */
  private static final class Builder {
    ServiceSpec spec;
    int revision;
    List<Revision> revisions;
    Map<String, Environment> environments;
    TrafficSplit desired;
    TrafficSplit applied;
    Instant appliedAt;
    Release active;
    QueuedRelease queued;
    List<Release> history;
    String previousId;
    int environmentCounter;
    int releaseCounter;
    boolean deleting;
    boolean endpointRemoved;
    String endpointUrl;
    String previewUrl;
    List<SeenRequest> recentRequests;

    Builder(EndpointState s) {
      spec = s.spec;
      revision = s.revision;
      revisions = s.revisions;
      environments = s.environments;
      desired = s.desired;
      applied = s.applied;
      appliedAt = s.appliedAt;
      active = s.active;
      queued = s.queued;
      history = s.history;
      previousId = s.previousId;
      environmentCounter = s.environmentCounter;
      releaseCounter = s.releaseCounter;
      deleting = s.deleting;
      endpointRemoved = s.endpointRemoved;
      endpointUrl = s.endpointUrl;
      previewUrl = s.previewUrl;
      recentRequests = s.recentRequests;
    }

    EndpointState build() {
      return new EndpointState(spec, revision, revisions, environments, desired, applied, appliedAt, active, queued,
          history, previousId, environmentCounter, releaseCounter, deleting, endpointRemoved, endpointUrl, previewUrl,
          recentRequests);
    }
  }
}
