package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Criteria a and b: first release, phased traffic counted from real responses, retention and the version limit. */
class ReleaseLifecycleTest {
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("lifecycle");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  @Test
  void firstReleaseCreatesEnvironmentWaitsForHealthAndSendsAllTraffic() {
    flotilla.register("""
        name: first
        image: demo/first
        runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 2}}
        rollout: {steps: [{weight: 10, hold: 1m}, {weight: 100}], environmentTimeout: 1m}
        """);
    assertEquals(202, flotilla.api.release("first", "1.0.0").status());

    JsonNode status = flotilla.awaitIdle("first", Duration.ofSeconds(60));
    assertEquals("Promoted", TestFlotilla.lastOutcome(status));
    List<EnvironmentInfo> environments = scan("first");
    assertEquals(1, environments.size());
    assertEquals(EnvironmentStatus.HEALTHY, environments.get(0).status());
    assertEquals(2, environments.get(0).healthyInstances());

    String url = status.path("endpointUrl").asText();
    Map<String, Integer> versions = ProxyTraffic.versions(url, 200, 8);
    assertEquals(Map.of("1.0.0", 200), versions, "every response through the proxy comes from 1.0.0");
  }

  @Test
  void phasedReleaseMovesTrafficInStepsThenRetiresTheOldEnvironment() throws Exception {
    flotilla.register("""
        name: shop
        image: demo/shop
        runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout:
          steps: [{weight: 10, hold: 4s}, {weight: 50, hold: 4s}, {weight: 100}]
          environmentTimeout: 1m
        retention: {keepPreviousFor: 6s, maxLiveVersions: 2}
        analysis: {metrics: []}
        """);
    flotilla.api.release("shop", "1.0.0");
    String url = flotilla.awaitIdle("shop", Duration.ofSeconds(60)).path("endpointUrl").asText();
    String oldEnvironment = scan("shop").get(0).environmentId();

    AliveSampler alive = AliveSampler.start(flotilla.cloud, "shop", env -> true);
    try {
      assertEquals(202, flotilla.api.release("shop", "2.0.0").status());
      List<Double> shares = new ArrayList<>();
      for (int step = 0; step < 2; step++) {
        flotilla.awaitPhase("shop", "Holding", step, Duration.ofSeconds(60));
        // hold the step still while counting, so the sample belongs to it
        assertEquals(202, flotilla.api.post("/api/v1/services/shop/pause", "{}").status());
        Map<String, Integer> versions = ProxyTraffic.versions(url, 600, 8);
        shares.add(versions.getOrDefault("2.0.0", 0) / 600.0);
        assertEquals(600, versions.getOrDefault("1.0.0", 0) + versions.getOrDefault("2.0.0", 0), versions.toString());
        assertEquals(202, flotilla.api.post("/api/v1/services/shop/resume", "{}").status());
      }
      JsonNode done = flotilla.awaitIdle("shop", Duration.ofSeconds(60));
      Instant promotedAt = Instant.now();
      assertEquals("Promoted", TestFlotilla.lastOutcome(done));
      Map<String, Integer> after = ProxyTraffic.versions(url, 300, 8);
      shares.add(after.getOrDefault("2.0.0", 0) / 300.0);

      System.out.printf("phased shares of 2.0.0 through the proxy: %s (expected 0.10, 0.50, 1.00)%n", shares);
      // 600 samples: a binomial share has sd <= 0.0205; 5 sd keeps this from ever flaking on a correct split
      assertEquals(0.10, shares.get(0), 0.075);
      assertEquals(0.50, shares.get(1), 0.11);
      assertEquals(1.0, shares.get(2), 0.0);

      // the old environment is still running, hot and idle, until keepPreviousFor has passed
      EnvironmentInfo old = scan("shop").stream().filter(env -> env.environmentId().equals(oldEnvironment))
          .findFirst().orElseThrow(() -> new AssertionError("old environment gone too early"));
      assertEquals(EnvironmentStatus.HEALTHY, old.status());
      long servedBefore = flotilla.cloud.requestCount("shop", oldEnvironment);
      ProxyTraffic.versions(url, 100, 8);
      assertEquals(servedBefore, flotilla.cloud.requestCount("shop", oldEnvironment), "idle: no traffic");

      Eventually.until(Duration.ofSeconds(30), () -> scan("shop").size() == 1, "old environment deleted");
      Duration kept = Duration.between(promotedAt, Instant.now());
      System.out.printf("old environment deleted %d ms after promotion (keepPreviousFor 6s)%n", kept.toMillis());
      assertTrue(kept.toMillis() >= 4_000, "deleted after about keepPreviousFor, not at once: " + kept);
    } finally {
      alive.close();
    }
    assertTrue(alive.most() <= 2, "never more than maxLiveVersions alive, saw " + alive.most());

    List<String> types = eventTypes("shop");
    assertInOrder(types, List.of("ReleaseRequested", "EnvironmentRequested", "EnvironmentReady",
        "TrafficShiftRequested", "TrafficShifted", "StepHeld", "ReleasePaused", "ReleaseResumed",
        "TrafficShiftRequested", "TrafficShifted", "StepHeld", "ReleasePaused", "ReleaseResumed",
        "TrafficShiftRequested", "TrafficShifted", "ReleasePromoted", "EnvironmentRetired", "EnvironmentDeleted"),
        types.subList(types.lastIndexOf("ReleaseRequested"), types.size()));
  }

  @Test
  void thirdVersionWaitsForTheOldestToBeRemovedFirst() {
    flotilla.register("""
        name: limits
        image: demo/limits
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}], environmentTimeout: 1m}
        retention: {keepPreviousFor: 1h, maxLiveVersions: 2}
        """);
    try (AliveSampler alive = AliveSampler.start(flotilla.cloud, "limits", env -> true)) {
      for (String version : List.of("1.0.0", "2.0.0", "3.0.0", "4.0.0")) {
        flotilla.api.release("limits", version);
        assertEquals("Promoted", TestFlotilla.lastOutcome(flotilla.awaitIdle("limits", Duration.ofSeconds(60))));
      }
      assertTrue(alive.most() <= 2, "never more than 2 alive, saw " + alive.most());
    }
    List<String> versions = scan("limits").stream().map(EnvironmentInfo::version).sorted().toList();
    assertEquals(List.of("3.0.0", "4.0.0"), versions, "the serving version and the hot previous one");
  }

  private static List<EnvironmentInfo> scan(String service) {
    return flotilla.cloud.scan(TestFlotilla.LOCAL).toCompletableFuture().join().environmentsOf(service);
  }

  private static List<String> eventTypes(String service) {
    return EventFeed.types(flotilla, service);
  }

  static void assertInOrder(List<String> all, List<String> expected, List<String> actual) {
    assertEquals(expected, actual, "events in order (all: " + all + ")");
  }
}
