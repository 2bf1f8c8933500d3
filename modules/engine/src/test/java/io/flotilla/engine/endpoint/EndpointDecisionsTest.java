package io.flotilla.engine.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.engine.endpoint.EndpointEvent.*;
import io.flotilla.model.ReleasePhase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointDecisionsTest {
  private static final String STEPS = """
      rollout:
        steps: [{weight: 10, hold: 1m}, {weight: 50, hold: 1m}, {weight: 100}]
      retention: {keepPreviousFor: 10m, maxLiveVersions: 2}
      """;

  @Test
  void firstReleaseCreatesEnvironmentThenSendsAllTrafficAndPromotes() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).release("1.0.0");
    assertEquals(List.of("SpecChanged", "ReleaseRequested", "EnvironmentRequested"), s.typesSince(0));
    assertEquals(ReleasePhase.PROVISIONING, s.state.active().phase());

    s.environmentHealthy();
    String env = s.state.active().environmentId();
    assertEquals(Map.of(env, 100), s.state.desired().nonZero(), "nothing to share with: straight to 100%");

    s.trafficApplied();
    assertNull(s.state.active());
    assertEquals(ReleasePhase.PROMOTED, s.state.history().get(0).phase());
  }

  @Test
  void stepsMoveTenFiftyHundredWithHoldsThenPromoteAndKeepBaselineHot() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    String baseline = s.state.serving().orElseThrow().id();
    int mark = s.journal.size();
    s.release("2.0.0").environmentHealthy();
    String canary = s.state.active().environmentId();
    assertEquals(Map.of(canary, 10, baseline, 90), s.state.desired().nonZero());

    s.trafficApplied();
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase());
    s.advance(Duration.ofSeconds(59));
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase(), "hold not over yet");
    s.advance(Duration.ofSeconds(1));
    assertEquals(Map.of(canary, 50, baseline, 50), s.state.desired().nonZero());

    s.trafficApplied().advance(Duration.ofMinutes(1));
    assertEquals(Map.of(canary, 100), s.state.desired().nonZero());
    s.trafficApplied();

    assertEquals(List.of("ReleaseRequested", "EnvironmentRequested", "EnvironmentReady", "TrafficShiftRequested",
        "TrafficShifted", "StepHeld", "TrafficShiftRequested", "TrafficShifted", "StepHeld", "TrafficShiftRequested",
        "TrafficShifted", "ReleasePromoted"), s.typesSince(mark));
    Environment old = s.state.environments().get(baseline);
    assertEquals(EnvironmentState.READY, old.state(), "the previous environment stays hot");
    assertEquals(s.now, old.idleSince());
    assertEquals(baseline, s.state.previousId());
  }

  @Test
  void idleEnvironmentIsRetiredAfterKeepPreviousFor() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0").releaseCompletely("2.0.0");
    String old = s.state.previousId();
    s.advance(Duration.ofMinutes(9));
    assertEquals(EnvironmentState.READY, s.state.environments().get(old).state());
    s.advance(Duration.ofMinutes(1));
    assertEquals(EnvironmentState.DELETING, s.state.environments().get(old).state());
    assertNull(s.state.previousId(), "a retired environment is no longer a rollback target");
    s.record(ReportDecisions.environmentRemoved(s.state, old, s.now));
    assertFalse(s.state.environments().containsKey(old));
  }

  @Test
  void neverMoreThanMaxLiveVersionsAlive() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0").releaseCompletely("2.0.0");
    String oldest = s.state.previousId();
    s.release("3.0.0");
    assertEquals(ReleasePhase.REQUESTED, s.state.active().phase(), "waits for room");
    assertEquals(EnvironmentState.DELETING, s.state.environments().get(oldest).state());
    assertEquals(2, s.state.environments().size());

    s.record(ReportDecisions.environmentRemoved(s.state, oldest, s.now));
    assertEquals(ReleasePhase.PROVISIONING, s.state.active().phase());
    assertEquals(2, s.state.environments().size());
  }

  @Test
  void releaseDuringReleaseIsQueuedAndAThirdReplacesTheQueuedOne() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    s.release("2.0.0").release("3.0.0");
    assertEquals("queued", ((Reply.Accepted) s.lastReply).outcome());
    s.release("4.0.0");
    assertEquals("replaced-queued", ((Reply.Accepted) s.lastReply).outcome());
    QueuedReleaseReplaced replaced = s.eventsOf(QueuedReleaseReplaced.class).get(0);
    assertEquals("3.0.0", replaced.replacedVersion());
    assertEquals("4.0.0", replaced.byVersion());
    assertEquals("4.0.0", s.state.queued().version());

    // when 2.0.0 finishes, the queued 4.0.0 starts
    s.environmentHealthy();
    for (int i = 0; i < 10 && "2.0.0".equals(s.state.active().version()); i++) {
      if (!s.state.applied().sameAs(s.state.desired())) {
        s.trafficApplied();
      } else {
        s.advance(Duration.ofMinutes(1));
      }
    }
    assertEquals("4.0.0", s.state.active().version());
    assertNull(s.state.queued());
  }

  @Test
  void releasingTheServingVersionIsANoOpWithAReason() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    int mark = s.journal.size();
    s.release("1.0.0");
    Reply.Accepted reply = assertInstanceOf(Reply.Accepted.class, s.lastReply);
    assertEquals("no-op", reply.outcome());
    assertTrue(reply.message().contains("already serves"));
    assertEquals(mark, s.journal.size());
  }

  @Test
  void rollbackDuringHoldSendsAllTrafficBackInOneSplit() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    String baseline = s.state.serving().orElseThrow().id();
    s.release("2.0.0").environmentHealthy().trafficApplied();
    s.command(CommandDecisions.rollback(s.state, "checkout", "looks bad", Scenario.USER, s.now));
    assertEquals(Map.of(baseline, 100), s.state.desired().nonZero());
    assertEquals(ReleasePhase.ROLLING_BACK, s.state.active().phase());
    s.trafficApplied();
    assertNull(s.state.active());
    assertEquals(ReleasePhase.ROLLED_BACK, s.state.history().get(s.state.history().size() - 1).phase());
  }

  @Test
  void eventsRecordThePrincipalWhoCausedThem() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    int mark = s.journal.size();
    s.command(CommandDecisions.release(s.state, "checkout", "2.0.0", null, "alice", s.now)).environmentHealthy()
        .trafficApplied();
    s.command(CommandDecisions.pause(s.state, "checkout", "bob", s.now));
    s.command(CommandDecisions.resume(s.state, "checkout", "carol", s.now));
    s.command(CommandDecisions.rollback(s.state, "checkout", "looks bad", "dave", s.now)).trafficApplied();
    Map<String, String> byType = new LinkedHashMap<>();
    s.journal.subList(mark, s.journal.size()).forEach(event -> byType.putIfAbsent(event.type(), event.by()));
    assertEquals("alice", byType.get("ReleaseRequested"));
    assertEquals("bob", byType.get("ReleasePaused"));
    assertEquals("carol", byType.get("ReleaseResumed"));
    assertEquals("dave", byType.get("RollbackRequested"));
    // what the engine did by itself is recorded as the engine's
    assertEquals(EndpointEvent.ENGINE, byType.get("EnvironmentRequested"));
    assertEquals(EndpointEvent.ENGINE, byType.get("TrafficShifted"));
    assertEquals(EndpointEvent.ENGINE, byType.get("ReleaseRolledBack"));
  }

  @Test
  void automaticRollbackAndQueuedReleasesKeepTheirCauses() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    s.command(CommandDecisions.release(s.state, "checkout", "2.0.0", null, "alice", s.now));
    s.command(CommandDecisions.release(s.state, "checkout", "3.0.0", null, "bob", s.now));
    assertEquals("bob", s.state.queued().requestedBy());
    s.command(CommandDecisions.abort(s.state, "checkout", null, "carol", s.now));
    s.advance(Duration.ofSeconds(1));
    EndpointEvent started = s.journal.stream().filter(event -> event instanceof EndpointEvent.ReleaseRequested r
        && r.fromQueue()).findFirst().orElseThrow();
    assertEquals("bob", started.by(), "a release started from the queue is recorded as its requester's");
  }

  @Test
  void rollbackAfterPromotionReturnsToTheHotPreviousEnvironment() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0").releaseCompletely("2.0.0");
    String previous = s.state.previousId();
    s.command(CommandDecisions.rollback(s.state, "checkout", null, Scenario.USER, s.now));
    assertEquals(Map.of(previous, 100), s.state.desired().nonZero());
    assertEquals(Release.Kind.ROLLBACK, s.state.active().kind());
    s.trafficApplied();
    assertEquals("1.0.0", s.state.serving().orElseThrow().version());
    assertNull(s.state.active());
  }

  @Test
  void environmentThatNeverGetsHealthyFailsTheReleaseAndIsRemovedWithTrafficUntouched() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    Map<String, Integer> before = s.state.desired().nonZero();
    s.release("2.0.0-broken");
    String env = s.state.active().environmentId();
    s.record(ReportDecisions.environmentUnavailable(s.state, env, "not healthy", s.now));
    assertNull(s.state.active());
    assertEquals(ReleasePhase.FAILED, s.state.history().get(s.state.history().size() - 1).phase());
    assertEquals(EnvironmentState.DELETING, s.state.environments().get(env).state());
    assertEquals(before, s.state.desired().nonZero());
  }

  @Test
  void impossibleTransitionsAreRejectedAndChangeNothing() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    EndpointState before = s.state;
    for (Decision decision : List.of(CommandDecisions.promote(s.state, "checkout", Scenario.USER, s.now),
        CommandDecisions.pause(s.state, "checkout", Scenario.USER, s.now),
        CommandDecisions.resume(s.state, "checkout", Scenario.USER, s.now),
        CommandDecisions.abort(s.state, "checkout", null, Scenario.USER, s.now))) {
      Reply.Rejected rejected = assertInstanceOf(Reply.Rejected.class, decision.reply());
      assertEquals(Reply.Code.CONFLICT, rejected.code());
      assertTrue(decision.events().isEmpty());
    }
    assertEquals(before, s.state);
  }

  @Test
  void abortWhileAStepIsInFlightWaitsForTheRollbackCallBeforeEnding() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    String baseline = s.state.serving().orElseThrow().id();
    s.release("2.0.0").environmentHealthy();
    // the 10% step is requested but not confirmed; the old weights still equal what is now desired again
    s.command(CommandDecisions.abort(s.state, "checkout", "no", Scenario.USER, s.now));
    assertEquals(ReleasePhase.ROLLING_BACK, s.state.active().phase(), "a traffic call must confirm the rollback");
    assertEquals(Map.of(baseline, 100), s.state.desired().nonZero());
    s.trafficApplied();
    assertEquals(ReleasePhase.ABORTED, s.state.history().get(s.state.history().size() - 1).phase());
  }

  @Test
  void losingTheBaselineDuringARollbackLeavesTrafficOnTheCanaryInsteadOfHanging() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    String baseline = s.state.serving().orElseThrow().id();
    s.release("2.0.0").environmentHealthy().trafficApplied();
    String canary = s.state.active().environmentId();
    // the baseline vanished and is being re-created when the rollback is requested
    s.record(List.of(new DriftDetected("checkout", DriftKind.ENVIRONMENT_MISSING, baseline, "1.0.0", "gone",
        s.now)));
    s.command(CommandDecisions.rollback(s.state, "checkout", null, Scenario.USER, s.now));
    s.record(ReportDecisions.environmentUnavailable(s.state, baseline, "not healthy", s.now));
    assertNull(s.state.active(), "the release ended instead of hanging in RollingBack");
    assertEquals(ReleasePhase.FAILED, s.state.history().get(s.state.history().size() - 1).phase());
    assertEquals(Map.of(canary, 100), s.state.desired().nonZero());
  }

  @Test
  void losingTheCanaryAfterTrafficMovedRollsBackAutomatically() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    String baseline = s.state.serving().orElseThrow().id();
    s.release("2.0.0").environmentHealthy().trafficApplied();
    String canary = s.state.active().environmentId();
    s.record(List.of(new DriftDetected("checkout", DriftKind.ENVIRONMENT_MISSING, canary, "2.0.0", "gone",
        s.now)));
    s.record(ReportDecisions.environmentUnavailable(s.state, canary, "not healthy", s.now));
    assertEquals(ReleasePhase.ROLLING_BACK, s.state.active().phase());
    assertTrue(s.eventsOf(RollbackRequested.class).get(0).automatic());
    assertEquals(Map.of(baseline, 100), s.state.desired().nonZero());
  }

  @Test
  void rollbackIsRefusedWhenThePreviousEnvironmentIsGone() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    String baseline = s.state.serving().orElseThrow().id();
    s.release("2.0.0").environmentHealthy().trafficApplied();
    s.record(List.of(new EnvironmentRetired("checkout", baseline, "test", s.now)));
    Decision rollback = CommandDecisions.rollback(s.state, "checkout", null, Scenario.USER, s.now);
    assertEquals(Reply.Code.CONFLICT, assertInstanceOf(Reply.Rejected.class, rollback.reply()).code());
  }

  @Test
  void promoteSkipsTheHoldOfTheLastStep() {
    Scenario s = new Scenario().register(Scenario.spec(
        "rollout: {steps: [{weight: 10, hold: 1m}, {weight: 100, hold: 1h}]}\n")).releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied();
    s.command(CommandDecisions.promote(s.state, "checkout", Scenario.USER, s.now)).trafficApplied();
    assertNull(s.state.active());
    assertEquals(ReleasePhase.PROMOTED, s.state.history().get(s.state.history().size() - 1).phase());
  }

  @Test
  void pausedReleaseDoesNotAdvanceUntilResumed() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied();
    s.command(CommandDecisions.pause(s.state, "checkout", Scenario.USER, s.now)).advance(Duration.ofMinutes(5));
    assertEquals(ReleasePhase.HOLDING, s.state.active().phase());
    assertEquals(0, s.state.active().step());
    s.command(CommandDecisions.resume(s.state, "checkout", Scenario.USER, s.now));
    assertEquals(1, s.state.active().step());
  }

  @Test
  void promoteSkipsRemainingSteps() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied();
    String canary = s.state.active().environmentId();
    s.command(CommandDecisions.promote(s.state, "checkout", Scenario.USER, s.now));
    assertEquals(Map.of(canary, 100), s.state.desired().nonZero());
    s.trafficApplied();
    assertEquals(ReleasePhase.PROMOTED, s.state.history().get(s.state.history().size() - 1).phase());
  }
}
