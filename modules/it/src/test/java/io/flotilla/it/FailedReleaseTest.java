package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.EnvironmentInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Criterion d: a version that never passes health checks fails after environmentTimeout; traffic untouched. */
class FailedReleaseTest {
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("failed");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  @Test
  void unhealthyVersionEndsFailedAfterTheTimeoutAndIsRemovedWithTrafficUntouched() {
    flotilla.register("""
        name: fragile
        image: demo/fragile
        runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 10, hold: 1m}, {weight: 100}], environmentTimeout: 10s}
        """);
    flotilla.api.release("fragile", "1.0.0");
    String url = flotilla.awaitIdle("fragile", Duration.ofSeconds(60)).path("endpointUrl").asText();
    JsonNode desiredBefore = flotilla.api.status("fragile").path("desired");
    long trafficCallsBefore = flotilla.cloud.callCount("setWeights");

    Instant requested = Instant.now();
    flotilla.api.release("fragile", "2.0.0-broken");
    JsonNode status = flotilla.awaitIdle("fragile", Duration.ofSeconds(60));
    Duration took = Duration.between(requested, Instant.now());

    assertEquals("Failed", TestFlotilla.lastOutcome(status));
    JsonNode failed = status.path("history").get(status.path("history").size() - 1);
    assertTrue(failed.path("reason").asText().contains("environmentTimeout"), failed.toString());
    assertTrue(took.toMillis() >= 10_000, "not before the timeout: " + took);
    assertEquals(desiredBefore, status.path("desired"), "traffic untouched");
    assertEquals(trafficCallsBefore, flotilla.cloud.callCount("setWeights"), "no traffic call at all");
    assertEquals(Map.of("1.0.0", 100), ProxyTraffic.versions(url, 100, 8));

    Eventually.until(Duration.ofSeconds(30), () -> versions().equals(List.of("1.0.0")),
        "the failed environment to be removed");
  }

  private static List<String> versions() {
    return flotilla.cloud.scan(TestFlotilla.LOCAL).toCompletableFuture().join().environmentsOf("fragile").stream()
        .map(EnvironmentInfo::version).toList();
  }
}
