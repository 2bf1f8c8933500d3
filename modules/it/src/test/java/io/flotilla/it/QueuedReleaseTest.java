package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Criterion e: one queued release; a newer request replaces it; releasing what serves is a no-op. */
class QueuedReleaseTest {
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("queue");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  @Test
  void releaseDuringReleaseIsQueuedAndAThirdReplacesTheQueuedOne() {
    flotilla.register("""
        name: queue
        image: demo/queue
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 20, hold: 3s}, {weight: 100}], environmentTimeout: 1m}
        analysis: {metrics: []}
        """);
    assertEquals("started", flotilla.api.release("queue", "1.0.0").body().path("outcome").asText());
    ApiClient.Response second = flotilla.api.release("queue", "2.0.0");
    assertEquals("queued", second.body().path("outcome").asText(), second.text());
    ApiClient.Response third = flotilla.api.release("queue", "3.0.0");
    assertEquals("replaced-queued", third.body().path("outcome").asText(), third.text());
    assertEquals("3.0.0", flotilla.api.status("queue").path("queuedRelease").path("version").asText());

    // 1.0.0 finishes, then the queued 3.0.0 runs; 2.0.0 never does
    Eventually.until(Duration.ofSeconds(90), () -> {
      JsonNode status = flotilla.api.status("queue");
      return status.path("activeRelease").isMissingNode() || status.path("activeRelease").isNull()
          ? status.path("queuedRelease").isMissingNode() || status.path("queuedRelease").isNull() : false;
    }, "queue to drain");
    JsonNode status = flotilla.awaitIdle("queue", Duration.ofSeconds(60));
    JsonNode history = status.path("history");
    assertEquals(2, history.size(), history.toString());
    assertEquals("1.0.0", history.get(0).path("version").asText());
    assertEquals("3.0.0", history.get(1).path("version").asText());
    assertEquals("3.0.0", status.path("desired").get(0).path("version").asText());

    JsonNode events = flotilla.api.get("/api/v1/events?service=queue&limit=1000").body().path("events");
    JsonNode replaced = null;
    for (JsonNode event : events) {
      if (event.path("type").asText().equals("QueuedReleaseReplaced")) {
        replaced = event;
      }
    }
    assertTrue(replaced != null, "an event says the queued release was replaced: " + events);
    assertEquals("2.0.0", replaced.path("data").path("replacedVersion").asText());
    assertEquals("3.0.0", replaced.path("data").path("byVersion").asText());
  }

  @Test
  void releasingTheVersionAlreadyServingIsANoOpWithAReason() {
    flotilla.register("""
        name: steady
        image: demo/steady
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}]}
        """);
    flotilla.api.release("steady", "1.0.0");
    flotilla.awaitIdle("steady", Duration.ofSeconds(60));
    int eventsBefore = flotilla.api.get("/api/v1/events?service=steady&limit=1000").body().path("events").size();

    ApiClient.Response again = flotilla.api.release("steady", "1.0.0");
    assertEquals("no-op", again.body().path("outcome").asText(), again.text());
    assertTrue(again.body().path("message").asText().contains("already serves"), again.text());
    assertEquals(eventsBefore,
        flotilla.api.get("/api/v1/events?service=steady&limit=1000").body().path("events").size());
  }
}
