package io.flotilla.engine.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.endpoint.EndpointEvent.DriftDetected;
import io.flotilla.engine.endpoint.EndpointEvent.DriftKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reconcile: how a scan of the live state turns into drift, and what is deliberately not judged by a scan. */
class ReportDecisionsTest {
  private static final Placement LOCAL = new Placement("local", "local");
  private static final String STEPS = "rollout: {steps: [{weight: 30, hold: 10m}, {weight: 100}]}\n";

  /** 1.0.0 promoted, 2.0.0 holding at 30%; time moved on a minute. */
  private static Scenario midRollout() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0");
    s.release("2.0.0").environmentHealthy().trafficApplied();
    s.advance(Duration.ofMinutes(1));
    return s;
  }

  private static Inventory scanOf(Scenario s, List<Environment> environments, TrafficSplit split) {
    List<EnvironmentInfo> infos = new ArrayList<>();
    for (Environment env : environments) {
      infos.add(new EnvironmentInfo(env.id(), LOCAL, EnvironmentStatus.HEALTHY, 2, 2,
          Map.of(Tags.SERVICE, "checkout", Tags.VERSION, env.version(), Tags.ENV_ID, env.id())));
    }
    return new Inventory(LOCAL, s.now, infos, split == null ? Map.of() : Map.of("checkout", split));
  }

  private static List<EndpointEvent> observe(Scenario s, Inventory inventory) {
    return ReportDecisions.liveObserved(s.state, inventory, false, Set.of(), s.now);
  }

  @Test
  void liveStateEqualToDesiredIsNoDrift() {
    Scenario s = midRollout();
    Inventory live = scanOf(s, List.copyOf(s.state.environments().values()), s.state.desired());
    assertEquals(List.of(), observe(s, live));
  }

  @Test
  void missingEnvironmentInUseIsRecreatedUnderTheSameId() {
    Scenario s = midRollout();
    Environment canary = s.state.environments().get(s.state.active().environmentId());
    Environment baseline = s.state.environments().get(s.state.active().baselineId());
    List<EndpointEvent> drift = observe(s, scanOf(s, List.of(baseline), s.state.desired()));
    assertEquals(1, drift.size());
    DriftDetected detected = (DriftDetected) drift.get(0);
    assertEquals(DriftKind.ENVIRONMENT_MISSING, detected.kind());
    assertEquals(canary.id(), detected.environmentId());

    s.record(drift);
    assertEquals(EnvironmentState.PROVISIONING, s.state.environments().get(canary.id()).state());
    assertTrue(s.state.applied().nonZero().isEmpty(), "weights are re-applied once it is healthy again");
  }

  @Test
  void missingIdleEnvironmentIsForgottenNotRecreated() {
    Scenario s = new Scenario().register(Scenario.spec(STEPS)).releaseCompletely("1.0.0").releaseCompletely("2.0.0");
    String idle = s.state.previousId();
    Environment serving = s.state.serving().orElseThrow();
    s.record(observe(s, scanOf(s, List.of(serving), s.state.desired())));
    assertTrue(!s.state.environments().containsKey(idle));
    assertEquals(null, s.state.previousId());
  }

  @Test
  void changedWeightsAreDetected() {
    Scenario s = midRollout();
    String canary = s.state.active().environmentId();
    List<EndpointEvent> drift = observe(s, scanOf(s, List.copyOf(s.state.environments().values()),
        new TrafficSplit(Map.of(canary, 100))));
    assertEquals(DriftKind.WEIGHTS_CHANGED, ((DriftDetected) drift.get(0)).kind());
  }

  @Test
  void weightsAreNotJudgedWhileATrafficCallIsInFlightOrByAScanOlderThanTheChange() {
    Scenario s = midRollout();
    Inventory wrong = scanOf(s, List.copyOf(s.state.environments().values()), TrafficSplit.EMPTY);
    assertEquals(List.of(), ReportDecisions.liveObserved(s.state, wrong, true, Set.of(), s.now));
    Inventory stale = new Inventory(LOCAL, s.state.appliedAt().minusSeconds(1), wrong.environments(),
        wrong.endpoints());
    assertEquals(List.of(), observe(s, stale));
  }

  @Test
  void unknownTaggedEnvironmentIsRetiredButARecentlyDeletedOneIsNot() {
    Scenario s = midRollout();
    List<Environment> live = new ArrayList<>(s.state.environments().values());
    Instant at = s.now;
    live.add(new Environment("checkout-stray", "9.9.9", 0, EnvironmentState.READY, at, at, null, false));
    Inventory inventory = scanOf(s, live, s.state.desired());

    assertEquals(List.of(), ReportDecisions.liveObserved(s.state, inventory, false, Set.of("checkout-stray"), at));
    List<EndpointEvent> drift = observe(s, inventory);
    assertEquals(DriftKind.UNKNOWN_ENVIRONMENT, ((DriftDetected) drift.get(0)).kind());
    s.record(drift);
    Environment orphan = s.state.environments().get("checkout-stray");
    assertTrue(orphan.orphan());
    assertEquals(EnvironmentState.DELETING, orphan.state());
  }
}
