package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stop and start again: services, versions and history come back from Cassandra, and the reconcile brings the
 * environments of a fresh local cloud back to what should run (what {@code flotilla dev} does on a restart).
 */
class RestartTest {
  @Test
  void servicesVersionsAndHistorySurviveARestartAndEnvironmentsAreRestored() throws Exception {
    String keyspace = TestNodeConfig.newKeyspace("restart");
    JsonNode before;
    try (TestFlotilla first = TestFlotilla.startOn(keyspace)) {
      first.register("""
          name: durable
          image: demo/durable
          runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
          rollout: {steps: [{weight: 50, hold: 1s}, {weight: 100}]}
          analysis: {metrics: []}
          """);
      first.api.release("durable", "1.0.0");
      first.awaitIdle("durable", Duration.ofSeconds(60));
      first.api.release("durable", "2.0.0");
      before = first.awaitIdle("durable", Duration.ofSeconds(60));
    }

    try (TestFlotilla second = TestFlotilla.startOn(keyspace)) {
      JsonNode after = second.api.status("durable");
      assertEquals(before.path("spec"), after.path("spec"));
      assertEquals(before.path("revision"), after.path("revision"));
      assertEquals(before.path("history"), after.path("history"));
      assertEquals(before.path("desired"), after.path("desired"));
      assertEquals(1, second.api.get("/api/v1/services/durable/revisions").body().path("revisions").size());

      // the new local cloud starts empty: the reconcile re-creates what serves and re-applies the weights
      JsonNode restored = Eventually.value(Duration.ofSeconds(60), () -> {
        JsonNode status = second.api.status("durable");
        return status.path("inSync").asBoolean() && status.hasNonNull("endpointUrl")
            && status.path("live").path("endpointPresent").asBoolean() ? status : null;
      }, "environments and endpoint restored");
      assertEquals(Map.of("2.0.0", 100), ProxyTraffic.versions(restored.path("endpointUrl").asText(), 100, 8));
      assertTrue(EventFeed.types(second, "durable").contains("DriftDetected"));
    }
  }
}
