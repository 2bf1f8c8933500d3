package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Criterion c: rollback during and after a rollout moves all traffic back to the hot environment in one call. */
class RollbackTest {
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("rollback");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  private static String register(String name) {
    flotilla.register("""
        name: %s
        image: demo/%s
        runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 50, hold: 10m}, {weight: 100}], environmentTimeout: 1m}
        retention: {keepPreviousFor: 1h}
        analysis: {metrics: []}
        """.formatted(name, name));
    flotilla.api.release(name, "1.0.0");
    return flotilla.awaitIdle(name, Duration.ofSeconds(60)).path("endpointUrl").asText();
  }

  @Test
  void rollbackDuringRolloutReturnsAllTrafficToTheBaselineInOneTrafficCall() {
    String url = register("during");
    flotilla.api.release("during", "2.0.0");
    flotilla.awaitPhase("during", "Holding", 0, Duration.ofSeconds(60));
    Map<String, Integer> split = ProxyTraffic.versions(url, 200, 8);
    assertTrue(split.getOrDefault("2.0.0", 0) > 0, "the canary serves before the rollback: " + split);

    long trafficCallsBefore = flotilla.cloud.callCount("setWeights");
    long millis = timeRollbackUntilOldServes("during", url, "1.0.0");
    System.out.printf("rollback during rollout: request -> old version serving all traffic in %d ms%n", millis);

    JsonNode status = flotilla.awaitIdle("during", Duration.ofSeconds(30));
    assertEquals("RolledBack", TestFlotilla.lastOutcome(status));
    assertEquals(1, flotilla.cloud.callCount("setWeights") - trafficCallsBefore, "one traffic call");
    assertEquals(Map.of("1.0.0", 300), ProxyTraffic.versions(url, 300, 8));
    assertTrue(millis < 1_000, "well under a second on the local cloud, took " + millis + " ms");
  }

  @Test
  void rollbackAfterPromotionReturnsToTheHotPreviousEnvironment() {
    String url = register("after");
    flotilla.api.release("after", "2.0.0");
    flotilla.awaitPhase("after", "Holding", 0, Duration.ofSeconds(60));
    assertEquals(202, flotilla.api.post("/api/v1/services/after/promote", "{}").status());
    assertEquals("Promoted", TestFlotilla.lastOutcome(flotilla.awaitIdle("after", Duration.ofSeconds(30))));
    assertEquals(Map.of("2.0.0", 100), ProxyTraffic.versions(url, 100, 8));

    long createsBefore = flotilla.cloud.callCount("create");
    long trafficCallsBefore = flotilla.cloud.callCount("setWeights");
    long millis = timeRollbackUntilOldServes("after", url, "1.0.0");
    System.out.printf("rollback after rollout: request -> previous version serving all traffic in %d ms%n", millis);

    assertEquals("RolledBack", TestFlotilla.lastOutcome(flotilla.awaitIdle("after", Duration.ofSeconds(30))));
    assertEquals(1, flotilla.cloud.callCount("setWeights") - trafficCallsBefore, "one traffic call");
    assertEquals(createsBefore, flotilla.cloud.callCount("create"), "nothing was redeployed: it was still hot");
    assertTrue(millis < 1_000, "well under a second on the local cloud, took " + millis + " ms");
  }

  @Test
  void rollbackOfAFirstReleaseIsRefusedWithNothingToRollBackTo() {
    flotilla.register("""
        name: lonely
        image: demo/lonely
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}]}
        """);
    flotilla.api.release("lonely", "1.0.0");
    flotilla.awaitIdle("lonely", Duration.ofSeconds(60));
    JsonNode before = flotilla.api.status("lonely");
    ApiClient.Response response = flotilla.api.post("/api/v1/services/lonely/rollback", "{}");
    assertEquals(409, response.status(), response.text());
    assertEquals(before.path("desired"), flotilla.api.status("lonely").path("desired"));
  }

  /** Asks for a rollback and measures until 50 responses in a row come from {@code oldVersion}. */
  private static long timeRollbackUntilOldServes(String service, String url, String oldVersion) {
    long start = System.nanoTime();
    ApiClient.Response response = flotilla.api.post("/api/v1/services/" + service + "/rollback",
        "{\"reason\": \"test\"}");
    assertTrue(response.status() / 100 == 2, response.text());
    long firstOfRun = -1;
    int run = 0;
    long deadline = start + Duration.ofSeconds(30).toNanos();
    while (run < 50 && System.nanoTime() < deadline) {
      long sentAt = System.nanoTime();
      if (ProxyTraffic.one(url).equals(oldVersion)) {
        if (run++ == 0) {
          firstOfRun = sentAt;
        }
      } else {
        run = 0;
      }
    }
    assertEquals(50, run, "old version never served alone");
    return Duration.ofNanos(Math.max(0, firstOfRun - start)).toMillis();
  }
}
