package io.flotilla.engine.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.engine.fleet.FleetRow;
import io.flotilla.engine.fleet.FleetRowFold;
import io.flotilla.judge.Judgement;
import io.flotilla.judge.Verdict;
import io.flotilla.model.ReleasePhase;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fleet view's fold answers what the entity's own state answers, after every event of realistic histories:
 * releases, promotions, rollbacks, aborts, failures, drift and deletion.
 */
class FleetRowAgreementTest {
  private static final String STEPS = """
      rollout:
        steps: [{weight: 10, hold: 1m}, {weight: 50, hold: 1m}, {weight: 100}]
      retention: {keepPreviousFor: 10m, maxLiveVersions: 2}
      """;

  @Test
  void releasesPromotionsAndRetentionAgree() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0").releaseCompletely("2.0.0")
        .releaseCompletely("3.0.0");
    s.advance(Duration.ofMinutes(11));
    collect(s);
    assertAgreesThroughout(s);
  }

  @Test
  void requestedRollbackPauseResumeAndAbortAgree() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    toFirstStep(s, "2.0.0");
    s.command(CommandDecisions.pause(s.state, "checkout", Scenario.USER, s.now)).advance(Duration.ofMinutes(5));
    s.command(CommandDecisions.resume(s.state, "checkout", Scenario.USER, s.now)).advance(Duration.ofMinutes(1));
    s.command(CommandDecisions.rollback(s.state, "checkout", "not today", Scenario.USER, s.now)).trafficApplied();
    toFirstStep(s, "2.0.1");
    s.command(CommandDecisions.abort(s.state, "checkout", "wrong build", Scenario.USER, s.now)).trafficApplied();
    toFirstStep(s, "2.0.2");
    s.command(CommandDecisions.promote(s.state, "checkout", Scenario.USER, s.now)).trafficApplied();
    assertEquals(ReleasePhase.PROMOTED, s.state.history().get(s.state.history().size() - 1).phase());
    assertAgreesThroughout(s);
  }

  @Test
  void failingVerdictRollbackAndFailedEnvironmentAgree() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    toFirstStep(s, "2.0.0-bad");
    Release active = s.state.active();
    Judgement fail = new Judgement(Verdict.FAIL, 0.0, List.of(), "errors +5%");
    s.record(ReportDecisions.analysisReported(s.state, new EndpointCommand.AnalysisReport(active.id(), fail,
        List.of(), null, active.analysis().since(), s.now), s.now)).trafficApplied();
    assertEquals(ReleasePhase.ROLLED_BACK, s.state.history().get(s.state.history().size() - 1).phase());
    s.release("2.0.0-broken");
    collect(s);
    s.record(ReportDecisions.environmentUnavailable(s.state, s.state.active().environmentId(), "never healthy",
        s.now));
    assertEquals(ReleasePhase.FAILED, s.state.history().get(s.state.history().size() - 1).phase());

    FleetRow row = foldAll(s);
    assertEquals(Verdict.FAIL, lastVerdictOfRollback(s).verdict());
    assertEquals("Failed", row.phase());
    assertEquals(ReleasePhase.FAILED, row.lastVerdict().outcome());
    assertAgreesThroughout(s);
  }

  @Test
  void driftAndItsRepairAgree() {
    Scenario s = new Scenario().register(Scenario.spec("rollout: {steps: [{weight: 30, hold: 10m}, {weight: 100}]}\n"))
        .releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied();
    String canary = s.state.active().environmentId();
    s.record(List.of(new EndpointEvent.DriftDetected("checkout", EndpointEvent.DriftKind.ENVIRONMENT_MISSING, canary,
        "2.0.0", "gone", s.now)));
    assertEquals("Degraded", foldAll(s).health().display());
    s.environmentHealthy().trafficApplied();
    assertEquals("InSync", foldAll(s).health().display());
    s.record(List.of(new EndpointEvent.DriftDetected("checkout", EndpointEvent.DriftKind.WEIGHTS_CHANGED, null, null,
        "edited", s.now)));
    assertEquals("Drifting", foldAll(s).health().display());
    s.trafficApplied();
    s.record(List.of(new EndpointEvent.DriftDetected("checkout", EndpointEvent.DriftKind.UNKNOWN_ENVIRONMENT,
        "checkout-stray", "9.9.9", "not ours", s.now)));
    assertEquals("Drifting", foldAll(s).health().display());
    s.record(ReportDecisions.environmentRemoved(s.state, "checkout-stray", s.now));
    assertEquals("InSync", foldAll(s).health().display());
    assertAgreesThroughout(s);
  }

  @Test
  void deletionAndRecreationAgree() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    s.command(CommandDecisions.delete(s.state, "checkout", Scenario.USER, s.now));
    s.state.environments().keySet().forEach(id -> s.record(ReportDecisions.environmentRemoved(s.state, id, s.now)));
    s.record(List.of(new EndpointEvent.EndpointRemoved("checkout", s.now)));
    assertFalse(s.state.registered(), "the service is gone");
    assertFalse(foldAll(s).listed());
    s.register(Scenario.spec(STEPS)).releaseCompletely("1.1.0");
    assertTrue(foldAll(s).listed());
    assertAgreesThroughout(s);
  }

  /** Requests a release and takes it to its first traffic step, collecting environments retention retires. */
  private static void toFirstStep(Scenario s, String version) {
    s.release(version);
    collect(s);
    s.environmentHealthy().trafficApplied();
  }

  /** The collector reports every environment being deleted as gone. */
  private static void collect(Scenario s) {
    s.state.environments().values().stream().filter(env -> env.state() == EnvironmentState.DELETING).toList()
        .forEach(env -> s.record(ReportDecisions.environmentRemoved(s.state, env.id(), s.now)));
  }

  private static FleetRow.LastVerdict lastVerdictOfRollback(Scenario s) {
    FleetRow row = FleetRow.empty("checkout");
    FleetRow.LastVerdict atRollback = null;
    for (int i = 0; i < s.journal.size(); i++) {
      row = FleetRowFold.apply(row, i + 1, s.journal.get(i));
      if (s.journal.get(i) instanceof EndpointEvent.ReleaseRolledBack) {
        atRollback = row.lastVerdict();
      }
    }
    return atRollback;
  }

  private static FleetRow foldAll(Scenario s) {
    FleetRow row = FleetRow.empty("checkout");
    for (int i = 0; i < s.journal.size(); i++) {
      row = FleetRowFold.apply(row, i + 1, s.journal.get(i));
    }
    return row;
  }

  /** Replays the journal into both the entity state and the row, comparing them after every event. */
  private static void assertAgreesThroughout(Scenario s) {
    EndpointState state = EndpointState.empty();
    FleetRow row = FleetRow.empty("checkout");
    for (int i = 0; i < s.journal.size(); i++) {
      EndpointEvent event = s.journal.get(i);
      state = state.apply(event);
      row = FleetRowFold.apply(row, i + 1, event);
      assertAgrees(state, row, "after event " + (i + 1) + " " + event.type());
      assertEquals(row, FleetRowFold.apply(row, i + 1, event), "a replayed event changes nothing");
    }
  }

  private static void assertAgrees(EndpointState state, FleetRow row, String when) {
    assertEquals(state.registered(), row.listed(), when + ": listed");
    if (!state.registered()) {
      return;
    }
    StatusView view = StatusViews.of(state, null);
    Release latest = view.activeRelease() != null ? view.activeRelease()
        : view.history().isEmpty() ? null : view.history().get(view.history().size() - 1);
    assertEquals(view.spec().team(), row.team(), when);
    assertEquals(view.account(), row.account(), when);
    assertEquals(view.region(), row.region(), when);
    assertEquals(view.revision(), row.revision(), when);
    assertEquals(latest == null ? "None" : latest.phase().display(), row.phase(), when + ": phase");
    assertEquals(view.activeRelease() != null && !view.activeRelease().phase().isTerminal(), row.releasing(),
        when + ": releasing");
    assertEquals(view.desired(), row.weights(), when + ": weights");
    assertEquals(view.desired().stream().max(Comparator.comparingInt(StatusView.Weight::weight))
        .map(StatusView.Weight::version).orElse(null), row.version(), when + ": version");
    assertEquals(view.inSync(), row.inSync(), when + ": in sync");
    assertEquals(view.deleting(), row.deleting(), when + ": deleting");
    // as sets: environments created at the same instant have no order
    assertEquals(view.environments().stream().filter(env -> env.state() != EnvironmentState.DELETING && !env.orphan())
        .map(Environment::version).collect(Collectors.toSet()), Set.copyOf(row.versions()), when + ": versions");
  }
}
