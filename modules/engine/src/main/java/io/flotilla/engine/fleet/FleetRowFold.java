package io.flotilla.engine.fleet;

import io.flotilla.engine.endpoint.EndpointEvent;
import io.flotilla.engine.endpoint.EndpointEvent.*;
import io.flotilla.engine.endpoint.EnvironmentState;
import io.flotilla.engine.fleet.FleetRow.ActiveRelease;
import io.flotilla.engine.fleet.FleetRow.FleetEnvironment;
import io.flotilla.engine.fleet.FleetRow.LastVerdict;
import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Folds one endpoint event into a {@link FleetRow}, following what {@code EndpointState.apply} does to the fields the
 * fleet view shows (the tests hold the two to the same answers). It is total: an event that makes no sense for the
 * row (say, a report about an environment it never saw) leaves those fields as they are, so a projection never
 * stops on odd history. Events at or below the row's sequence number are ignored: replays change nothing.
 */
public final class FleetRowFold {
  private FleetRowFold() {}

  public static FleetRow apply(FleetRow row, long seqNr, EndpointEvent event) {
    if (seqNr <= row.seqNr()) {
      return row;
    }
    FleetRow changed = change(row, event);
    return new Builder(changed).with(b -> {
      b.seqNr = seqNr;
      b.updatedAt = event.at();
    });
  }

  /**
   * The row taken to {@code seqNr} without events: for a gap in a journal (events that were never written, which
   * the tag stream can still number), so that the fold goes on rather than waits forever.
   */
  static FleetRow skipTo(FleetRow row, long seqNr) {
    return seqNr <= row.seqNr() ? row : new Builder(row).with(b -> b.seqNr = seqNr);
  }

  private static FleetRow change(FleetRow row, EndpointEvent event) {
    ActiveRelease active = row.release();
    if (event instanceof SpecChanged e) {
      return with(row, b -> {
        b.registered = true;
        b.deleting = false;
        b.team = e.spec().team();
        b.account = e.spec().account();
        b.region = e.spec().region();
        b.revision = e.revision();
      });
    } else if (event instanceof ReleaseRequested e) {
      return with(row, b -> b.release = new ActiveRelease(e.release().id(), e.release().version(),
          e.release().phase(), e.release().paused(), e.release().environmentId(), e.release().baselineId()));
    } else if (event instanceof EnvironmentRequested e) {
      return with(row, b -> {
        b.environments = put(row.environments(), new FleetEnvironment(e.environment().id(),
            e.environment().version(), e.environment().state(), e.environment().orphan()));
        b.release = active == null ? null : new ActiveRelease(active.id(), active.version(),
            ReleasePhase.PROVISIONING, active.paused(), e.environment().id(), active.baselineId());
      });
    } else if (event instanceof EnvironmentReused e) {
      return with(row, b -> b.release = active == null ? null : new ActiveRelease(active.id(), active.version(),
          ReleasePhase.PROVISIONING, active.paused(), e.environmentId(), active.baselineId()));
    } else if (event instanceof EnvironmentReady e) {
      return withEnvironment(row, e.environmentId(), env -> state(env, EnvironmentState.READY));
    } else if (event instanceof EnvironmentFailed e) {
      return withEnvironment(row, e.environmentId(), env -> state(env, EnvironmentState.DELETING));
    } else if (event instanceof EnvironmentRetired e) {
      return withEnvironment(row, e.environmentId(), env -> state(env, EnvironmentState.DELETING));
    } else if (event instanceof EnvironmentDeleted e) {
      return with(row, b -> b.environments = remove(row.environments(), e.environmentId()));
    } else if (event instanceof PreviewStarted) {
      return phase(row, ReleasePhase.PREVIEWING);
    } else if (event instanceof TrafficShiftRequested e) {
      return with(row, b -> {
        b.desired = e.split().weights();
        b.applied = Map.of();
        b.release = withPhase(active, ReleasePhase.SHIFTING);
      });
    } else if (event instanceof TrafficShifted e) {
      return with(row, b -> {
        b.applied = e.split().weights();
        if (FleetRow.nonZero(row.desired()).equals(FleetRow.nonZero(b.applied))) {
          b.weightsDrift = false;
        }
      });
    } else if (event instanceof StepHeld) {
      return phase(row, ReleasePhase.HOLDING);
    } else if (event instanceof PromotionRequested) {
      return phase(row, ReleasePhase.SHIFTING);
    } else if (event instanceof ReleasePaused) {
      return paused(row, true);
    } else if (event instanceof ReleaseResumed) {
      return paused(row, false);
    } else if (event instanceof AnalysisRecorded e) {
      return with(row, b -> b.lastVerdict = new LastVerdict(e.releaseId(), active == null ? null : active.version(),
          e.step(), e.judgement().verdict(), summary(e), null, null, e.at()));
    } else if (event instanceof RollbackRequested e) {
      return with(row, b -> {
        b.desired = Map.of(e.targetId(), 100);
        b.applied = Map.of();
        b.release = active == null ? null : new ActiveRelease(active.id(), active.version(),
            ReleasePhase.ROLLING_BACK, false, active.environmentId(), active.baselineId());
        b.lastVerdict = outcome(row, e.releaseId(), ReleasePhase.ROLLING_BACK, e.reason(), e.at());
      });
    } else if (event instanceof ReleasePromoted e) {
      return finish(row, e.releaseId(), ReleasePhase.PROMOTED, null, e.at());
    } else if (event instanceof ReleaseRolledBack e) {
      return finish(row, e.releaseId(), ReleasePhase.ROLLED_BACK, null, e.at());
    } else if (event instanceof ReleaseAborted e) {
      return finish(row, e.releaseId(), ReleasePhase.ABORTED, e.reason(), e.at());
    } else if (event instanceof ReleaseFailed e) {
      return finish(row, e.releaseId(), ReleasePhase.FAILED, e.reason(), e.at());
    } else if (event instanceof DriftDetected e) {
      return drift(row, e);
    } else if (event instanceof ServiceDeletionRequested) {
      return with(row, b -> {
        b.deleting = true;
        b.desired = Map.of();
      });
    } else if (event instanceof ServiceDeleted) {
      return with(row, b -> {
        b.registered = false;
        b.deleting = false;
        b.environments = List.of();
        b.desired = Map.of();
        b.applied = Map.of();
        b.weightsDrift = false;
      });
    }
    // queue and preview-endpoint events, EndpointRemoved: nothing the fleet view shows
    return row;
  }

  private static FleetRow drift(FleetRow row, DriftDetected e) {
    return switch (e.kind()) {
      case ENVIRONMENT_MISSING -> {
        if (row.environments().stream().noneMatch(env -> env.id().equals(e.environmentId()))) {
          yield row;
        }
        if (inUse(row, e.environmentId())) {
          // it must serve: it is re-created under the same id and the weights are applied again
          FleetEnvironment missing = row.environments().stream().filter(env -> env.id().equals(e.environmentId()))
              .findFirst().orElseThrow();
          yield with(row, b -> {
            // a new environment under the same id: it counts as the newest
            b.environments = append(remove(row.environments(), missing.id()),
                state(missing, EnvironmentState.PROVISIONING));
            b.applied = Map.of();
          });
        }
        yield with(row, b -> b.environments = remove(row.environments(), e.environmentId()));
      }
      case WEIGHTS_CHANGED -> with(row, b -> {
        b.applied = Map.of();
        b.weightsDrift = true;
      });
      case UNKNOWN_ENVIRONMENT -> with(row, b -> b.environments = put(row.environments(),
          new FleetEnvironment(e.environmentId(), e.version(), EnvironmentState.DELETING, true)));
    };
  }

  private static boolean inUse(FleetRow row, String environmentId) {
    ActiveRelease active = row.release();
    return row.desired().getOrDefault(environmentId, 0) > 0
        || (active != null && (environmentId.equals(active.environmentId()) || environmentId.equals(active.baselineId())));
  }

  /** The release ends: its phase stays as the last one, and the last verdict says how it ended. */
  private static FleetRow finish(FleetRow row, String releaseId, ReleasePhase outcome, String reason, Instant at) {
    return with(row, b -> {
      b.release = null;
      b.lastPhase = outcome;
      b.lastVerdict = outcome(row, releaseId, outcome, reason, at);
    });
  }

  private static LastVerdict outcome(FleetRow row, String releaseId, ReleasePhase outcome, String reason,
      Instant at) {
    LastVerdict last = row.lastVerdict();
    String version = row.release() != null && row.release().id().equals(releaseId) ? row.release().version() : null;
    String why = reason != null ? reason : last != null && releaseId.equals(last.releaseId()) ? last.reason() : null;
    if (last != null && releaseId.equals(last.releaseId())) {
      return new LastVerdict(releaseId, last.version() != null ? last.version() : version, last.step(),
          last.verdict(), last.summary(), outcome, why, at);
    }
    return new LastVerdict(releaseId, version, null, null, null, outcome, why, at);
  }

  private static String summary(AnalysisRecorded e) {
    String summary = e.judgement().summary();
    if (e.alarmsFiring() == null || e.alarmsFiring().isEmpty()) {
      return summary;
    }
    String alarms = "alarms firing: " + String.join(", ", e.alarmsFiring());
    return summary == null ? alarms : summary + "; " + alarms;
  }

  private static FleetRow phase(FleetRow row, ReleasePhase phase) {
    return with(row, b -> b.release = withPhase(row.release(), phase));
  }

  private static ActiveRelease withPhase(ActiveRelease active, ReleasePhase phase) {
    return active == null ? null : new ActiveRelease(active.id(), active.version(), phase, active.paused(),
        active.environmentId(), active.baselineId());
  }

  private static FleetRow paused(FleetRow row, boolean paused) {
    ActiveRelease active = row.release();
    return with(row, b -> b.release = active == null ? null : new ActiveRelease(active.id(), active.version(),
        active.phase(), paused, active.environmentId(), active.baselineId()));
  }

  private static FleetEnvironment state(FleetEnvironment env, EnvironmentState state) {
    return new FleetEnvironment(env.id(), env.version(), state, env.orphan());
  }

  private static FleetRow withEnvironment(FleetRow row, String id, UnaryOperator<FleetEnvironment> change) {
    List<FleetEnvironment> out = new ArrayList<>();
    boolean found = false;
    for (FleetEnvironment env : row.environments()) {
      found |= env.id().equals(id);
      out.add(env.id().equals(id) ? change.apply(env) : env);
    }
    return found ? with(row, b -> b.environments = out) : row;
  }

  /** Adds the environment in creation order, or replaces the one with its id where it is. */
  private static List<FleetEnvironment> put(List<FleetEnvironment> environments, FleetEnvironment added) {
    List<FleetEnvironment> out = new ArrayList<>(remove(environments, added.id()));
    int at = indexOf(environments, added.id());
    out.add(at < 0 ? out.size() : at, added);
    return out;
  }

  private static List<FleetEnvironment> append(List<FleetEnvironment> environments, FleetEnvironment added) {
    List<FleetEnvironment> out = new ArrayList<>(environments);
    out.add(added);
    return out;
  }

  private static int indexOf(List<FleetEnvironment> environments, String id) {
    for (int i = 0; i < environments.size(); i++) {
      if (environments.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static List<FleetEnvironment> remove(List<FleetEnvironment> environments, String id) {
    return environments.stream().filter(env -> !env.id().equals(id)).toList();
  }

  private static FleetRow with(FleetRow row, java.util.function.Consumer<Builder> change) {
    return new Builder(row).with(change);
  }

  /** Copy-on-write helper so each case names only the fields it changes. */
  private static final class Builder {
    String service;
    long seqNr;
    Instant updatedAt;
    boolean registered;
    boolean deleting;
    String team;
    String account;
    String region;
    int revision;
    List<FleetEnvironment> environments;
    Map<String, Integer> desired;
    Map<String, Integer> applied;
    ActiveRelease release;
    ReleasePhase lastPhase;
    boolean weightsDrift;
    LastVerdict lastVerdict;

    Builder(FleetRow row) {
      service = row.service();
      seqNr = row.seqNr();
      updatedAt = row.updatedAt();
      registered = row.registered();
      deleting = row.deleting();
      team = row.team();
      account = row.account();
      region = row.region();
      revision = row.revision();
      environments = row.environments();
      desired = row.desired();
      applied = row.applied();
      release = row.release();
      lastPhase = row.lastPhase();
      weightsDrift = row.weightsDrift();
      lastVerdict = row.lastVerdict();
    }

    FleetRow with(java.util.function.Consumer<Builder> change) {
      change.accept(this);
      return new FleetRow(service, seqNr, updatedAt, registered, deleting, team, account, region, revision,
          environments, desired, applied, release, lastPhase, weightsDrift, lastVerdict);
    }
  }
}
