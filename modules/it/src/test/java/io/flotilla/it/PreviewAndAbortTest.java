package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The preview phase ("testing in production") and aborting a release. */
class PreviewAndAbortTest {
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("preview");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  @Test
  void previewReachesOnlyTheNewVersionWithoutProductionTrafficUntilPromoted() {
    flotilla.register("""
        name: preview
        image: demo/preview
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {preview: true, previewHold: 10m, steps: [{weight: 20, hold: 2s}, {weight: 100}]}
        analysis: {metrics: []}
        """);
    flotilla.api.release("preview", "1.0.0");
    // a first release previews too, before the service's endpoint has ever had traffic: promote ends its preview
    JsonNode first = Eventually.value(Duration.ofSeconds(60), () -> {
      JsonNode current = flotilla.api.status("preview");
      return "Previewing".equals(current.path("activeRelease").path("phase").asText())
          && current.hasNonNull("previewUrl") ? current : null;
    }, "the first release's preview endpoint");
    assertEquals(Map.of("1.0.0", 50), ProxyTraffic.versions(first.path("previewUrl").asText(), 50, 4),
        "the first preview reaches 1.0.0");
    flotilla.api.post("/api/v1/services/preview/promote", "{}");
    String url = flotilla.awaitIdle("preview", Duration.ofSeconds(60)).path("endpointUrl").asText();

    flotilla.api.release("preview", "2.0.0");
    JsonNode status = Eventually.value(Duration.ofSeconds(60), () -> {
      JsonNode current = flotilla.api.status("preview");
      return "Previewing".equals(current.path("activeRelease").path("phase").asText())
          && current.hasNonNull("previewUrl") ? current : null;
    }, "the preview endpoint");
    String previewUrl = status.path("previewUrl").asText();
    assertEquals(Map.of("2.0.0", 100), ProxyTraffic.versions(previewUrl, 100, 8), "preview reaches only 2.0.0");
    assertEquals(Map.of("1.0.0", 200), ProxyTraffic.versions(url, 200, 8), "no production traffic on 2.0.0");

    ApiClient.Response promote = flotilla.api.post("/api/v1/services/preview/promote", "{}");
    assertEquals(202, promote.status(), promote.text());
    JsonNode done = flotilla.awaitIdle("preview", Duration.ofSeconds(60));
    assertEquals("Promoted", TestFlotilla.lastOutcome(done));
    assertFalse(done.hasNonNull("previewUrl"), "the preview endpoint is closed");
    assertTrue(EventFeed.types(flotilla, "preview").contains("PreviewClosed"));
    assertTrue(EventFeed.types(flotilla, "preview").contains("StepHeld"), "promoting a preview starts the steps");
    assertEquals(Map.of("2.0.0", 100), ProxyTraffic.versions(url, 100, 8));
  }

  @Test
  void abortDuringAHoldReturnsTrafficToTheBaselineAndEndsAborted() {
    flotilla.register("""
        name: aborted
        image: demo/aborted
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 40, hold: 10m}, {weight: 100}]}
        analysis: {metrics: []}
        """);
    flotilla.api.release("aborted", "1.0.0");
    String url = flotilla.awaitIdle("aborted", Duration.ofSeconds(60)).path("endpointUrl").asText();
    flotilla.api.release("aborted", "2.0.0");
    flotilla.awaitPhase("aborted", "Holding", 0, Duration.ofSeconds(60));

    ApiClient.Response abort = flotilla.api.post("/api/v1/services/aborted/abort", "{\"reason\": \"wrong build\"}");
    assertEquals(202, abort.status(), abort.text());
    JsonNode done = flotilla.awaitIdle("aborted", Duration.ofSeconds(30));
    JsonNode last = done.path("history").get(done.path("history").size() - 1);
    assertEquals("Aborted", last.path("phase").asText());
    assertEquals("wrong build", last.path("reason").asText());
    assertEquals(Map.of("1.0.0", 200), ProxyTraffic.versions(url, 200, 8));
  }

  private static String phase() {
    return flotilla.api.status("preview").path("activeRelease").path("phase").asText();
  }
}
