package io.flotilla.engine.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.engine.endpoint.EndpointEvent.AnalysisRecorded;
import io.flotilla.engine.endpoint.EndpointEvent.RollbackRequested;
import io.flotilla.judge.Judgement;
import io.flotilla.judge.Verdict;
import io.flotilla.model.ReleasePhase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How verdicts of the version comparator move a release: fail-fast rollback, alarms, and the gate at hold end. */
class AnalysisDecisionsTest {

  private static Scenario holdingWith(String onInconclusive) {
    Scenario s = new Scenario().register(Scenario.spec("""
        rollout: {steps: [{weight: 10, hold: 1m}, {weight: 100}]}
        analysis: {interval: 10s, warmup: 0s, alarms: [checkout-5xx], onInconclusive: %s}
        """.formatted(onInconclusive))).releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied();
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase());
    return s;
  }

  private static Scenario report(Scenario s, Verdict verdict, List<String> alarms) {
    Judgement judgement = new Judgement(verdict, verdict == Verdict.PASS ? 100.0 : 50.0, List.of(),
        "errors: canary vs baseline " + verdict);
    return s.record(ReportDecisions.analysisReported(s.state, new EndpointCommand.AnalysisReport(
        s.state.active().id(), judgement, alarms, null, s.state.active().analysis().since(), s.now), s.now));
  }

  @Test
  void comparisonStartsWhenTheCanaryFirstGetsTraffic() {
    Scenario s = holdingWith("hold");
    assertEquals(s.now, s.state.active().analysis().since());
  }

  @Test
  void eachStepIsJudgedOnItsOwnWindow() {
    Scenario s = new Scenario().register(Scenario.spec("""
        rollout: {steps: [{weight: 10, hold: 1m}, {weight: 50, hold: 1m}, {weight: 100}]}
        analysis: {interval: 10s, warmup: 0s}
        """)).releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied();
    report(s, Verdict.PASS, List.of()).advance(Duration.ofMinutes(1)).trafficApplied();
    assertEquals(1, s.state.active().step());
    assertEquals(s.now, s.state.active().analysis().since(), "a new window for the new step");
  }

  @Test
  void reportComputedOnAnEarlierWindowDoesNotCount() {
    Scenario s = holdingWith("proceed");
    Judgement fail = new Judgement(Verdict.FAIL, 0.0, List.of(), "stale");
    s.record(ReportDecisions.analysisReported(s.state, new EndpointCommand.AnalysisReport(s.state.active().id(),
        fail, List.of(), null, s.state.active().analysis().since().minusSeconds(30), s.now), s.now));
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase());
    assertTrue(s.eventsOf(AnalysisRecorded.class).isEmpty());
  }

  @Test
  void stepWithoutAHoldStillNeedsAVerdictWhenComparing() {
    Scenario s = new Scenario().register(Scenario.spec("""
        rollout: {steps: [{weight: 10}, {weight: 100}]}
        analysis: {interval: 10s, warmup: 0s}
        """)).releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied().advance(Duration.ofMinutes(10));
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase(), "not promoted without a verdict");
    report(s, Verdict.PASS, List.of());
    assertEquals(ReleasePhase.SHIFTING, s.state.active().phase());
  }

  @Test
  void failingVerdictAfterAUserPromotedDoesNotRollBack() {
    Scenario s = holdingWith("hold");
    String since = s.state.active().analysis().since().toString();
    s.command(CommandDecisions.promote(s.state, "checkout", Scenario.USER, s.now));
    Judgement fail = new Judgement(Verdict.FAIL, 0.0, List.of(), "late");
    s.record(ReportDecisions.analysisReported(s.state, new EndpointCommand.AnalysisReport(s.state.active().id(),
        fail, List.of(), null, java.time.Instant.parse(since), s.now), s.now));
    assertTrue(s.eventsOf(RollbackRequested.class).isEmpty());
  }

  @Test
  void failingVerdictRollsBackAtOnceWithItsReason() {
    Scenario s = report(holdingWith("hold"), Verdict.FAIL, List.of());
    RollbackRequested rollback = s.eventsOf(RollbackRequested.class).get(0);
    assertTrue(rollback.automatic());
    assertTrue(rollback.reason().startsWith("analysis failed: errors"), rollback.reason());
    assertEquals(ReleasePhase.ROLLING_BACK, s.state.active().phase());
    assertEquals(1, s.eventsOf(AnalysisRecorded.class).size(), "the verdict is recorded with its numbers");
  }

  @Test
  void alarmInAlarmStateRollsBack() {
    Scenario s = report(holdingWith("hold"), Verdict.PASS, List.of("checkout-5xx"));
    assertEquals("alarm in ALARM: checkout-5xx", s.eventsOf(RollbackRequested.class).get(0).reason());
  }

  @Test
  void passingVerdictLetsTheReleaseAdvanceWhenTheHoldEnds() {
    Scenario s = report(holdingWith("hold"), Verdict.PASS, List.of());
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase(), "not before the hold ends");
    s.advance(Duration.ofMinutes(1)).trafficApplied();
    assertNull(s.state.active());
    assertEquals(ReleasePhase.PROMOTED, s.state.history().get(s.state.history().size() - 1).phase());
  }

  @Test
  void withoutAVerdictTheReleaseKeepsHoldingPastTheHold() {
    Scenario s = holdingWith("proceed").advance(Duration.ofMinutes(5));
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase());
    report(s, Verdict.PASS, List.of());
    assertEquals(ReleasePhase.SHIFTING, s.state.active().phase(), "the first verdict after the hold decides");
  }

  @Test
  void inconclusiveFollowsThePolicy() {
    Scenario hold = report(holdingWith("hold"), Verdict.INCONCLUSIVE, List.of()).advance(Duration.ofMinutes(2));
    assertEquals(ReleasePhase.HOLDING, hold.state.active().phase(), "hold: never promoted silently");

    Scenario proceed = report(holdingWith("proceed"), Verdict.INCONCLUSIVE, List.of())
        .advance(Duration.ofMinutes(1));
    assertEquals(ReleasePhase.SHIFTING, proceed.state.active().phase());

    Scenario rollback = report(holdingWith("rollback"), Verdict.INCONCLUSIVE, List.of())
        .advance(Duration.ofMinutes(1));
    assertEquals(ReleasePhase.ROLLING_BACK, rollback.state.active().phase());
    assertTrue(rollback.eventsOf(RollbackRequested.class).get(0).reason().contains("onInconclusive: rollback"));
  }

  @Test
  void metricsSourceErrorsHoldTheReleaseAndAreCountedApart() {
    Scenario s = holdingWith("proceed");
    for (int i = 0; i < 3; i++) {
      report(s, Verdict.ERROR, List.of());
    }
    s.advance(Duration.ofMinutes(2));
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase());
    assertEquals(3, s.state.active().analysis().ledger().consecutiveSourceErrors());
    assertTrue(s.eventsOf(RollbackRequested.class).isEmpty(), "a failing metrics source is not a bad version");
    assertTrue(s.state.active().reason().startsWith("metrics source failed"), s.state.active().reason());
    report(s, Verdict.PASS, List.of());
    assertNull(s.state.active() == null ? null : s.state.active().reason(), "the reason goes once it recovers");
  }
}
