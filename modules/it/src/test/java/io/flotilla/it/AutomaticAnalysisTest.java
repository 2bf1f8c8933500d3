package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.local.VersionBehavior;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, criteria a-f: the version comparator judges real traffic recorded by the local proxy and the release
 * acts on the verdict. Baseline 1.0.0 behaves as the demo catalog's {@code 1.*} (0.1% errors, 20/80 ms).
 */
class AutomaticAnalysisTest {
  private static final int REQUESTS_PER_SECOND = 200;
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("analysis");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  /** Registers a service with a 25% first step and releases 1.0.0; returns its endpoint URL. */
  private static String serving(String name, String hold, String onInconclusive) {
    flotilla.register("""
        name: %s
        image: demo/%s
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 25, hold: %s}, {weight: 100}], environmentTimeout: 1m}
        analysis:
          interval: 2s
          warmup: 1s
          minRequests: 50
          metrics:
            - {name: errors, type: error-rate, maxIncrease: 0.01, critical: true}
            - {name: p99, type: latency, percentile: 99, maxRatio: 1.5}
          alarms: [%s-5xx]
          onInconclusive: %s
        """.formatted(name, name, hold, name, onInconclusive));
    flotilla.api.release(name, "1.0.0");
    return flotilla.awaitIdle(name, Duration.ofSeconds(60)).path("endpointUrl").asText();
  }

  private static JsonNode lastRelease(JsonNode status) {
    return status.path("history").get(status.path("history").size() - 1);
  }

  /** Releases {@code version} under load and returns the finished release. */
  private static JsonNode releaseUnderLoad(String name, String url, String version, LoadGenerator load) {
    assertEquals(202, flotilla.api.release(name, version).status());
    JsonNode done = lastRelease(flotilla.awaitIdle(name, Duration.ofSeconds(120)));
    assertEquals(version, done.path("version").asText());
    return done;
  }

  @Test
  void fivePointsMoreErrorsIsRolledBackAtTheFirstStep() {
    String url = serving("errors", "2m", "hold");
    flotilla.cloud.faults().overrideVersion("2.0.0", flotilla.cloud.behaviorOf("1.0.0").withErrorRate(0.051));
    try (LoadGenerator load = LoadGenerator.start(url, REQUESTS_PER_SECOND)) {
      JsonNode release = releaseUnderLoad("errors", url, "2.0.0", load);
      assertEquals("RolledBack", release.path("phase").asText(), release.toString());
      assertEquals(0, release.path("step").asInt(), "rolled back at its first step");
      assertTrue(release.path("reason").asText().startsWith("analysis failed"), release.path("reason").asText());
      Instant firstBad = load.firstSeen("2.0.0");
      Instant rolledBack = Instant.parse(release.path("updatedAt").asText());
      System.out.printf("+5 pp errors: first bad request -> rolled back in %d ms (%d requests to 2.0.0); %s%n",
          Duration.between(firstBad, rolledBack).toMillis(), load.served("2.0.0"), release.path("reason").asText());
    }
    assertVerdictWithNumbers("errors");
  }

  @Test
  void doubleP99LatencyIsRolledBack() {
    String url = serving("slow", "2m", "hold");
    try (LoadGenerator load = LoadGenerator.start(url, REQUESTS_PER_SECOND)) {
      JsonNode release = releaseUnderLoad("slow", url, "2.0.0-slow", load);
      assertEquals("RolledBack", release.path("phase").asText(), release.toString());
      assertTrue(release.path("reason").asText().contains("p99"), release.path("reason").asText());
      System.out.println("2x p99: " + release.path("reason").asText());
    }
  }

  @Test
  void versionThatBehavesLikeTheOldOneIsPromoted() {
    String url = serving("good", "8s", "hold");
    flotilla.cloud.faults().overrideVersion("1.1.0", flotilla.cloud.behaviorOf("1.0.0"));
    try (LoadGenerator load = LoadGenerator.start(url, REQUESTS_PER_SECOND)) {
      JsonNode release = releaseUnderLoad("good", url, "1.1.0", load);
      assertEquals("Promoted", release.path("phase").asText(), release.toString());
      assertEquals("pass", release.path("analysis").path("last").path("verdict").asText());
    }
  }

  @Test
  void sameMedianWithAHeavierTailIsCaught() {
    String url = serving("tail", "2m", "hold");
    try (LoadGenerator load = LoadGenerator.start(url, REQUESTS_PER_SECOND)) {
      JsonNode release = releaseUnderLoad("tail", url, "2.0.0-tail", load);
      assertEquals("RolledBack", release.path("phase").asText(), release.toString());
      System.out.println("heavier tail, same median: " + release.path("reason").asText());
    }
  }

  @Test
  void tooLittleTrafficIsInconclusiveAndHoldsWhenThePolicySaysHold() {
    serving("quiet", "3s", "hold");
    flotilla.api.release("quiet", "2.0.0");
    // no load at all: every interval is inconclusive, and the release must not move past its first step
    JsonNode active = Eventually.value(Duration.ofSeconds(60), () -> {
      JsonNode current = flotilla.api.status("quiet").path("activeRelease");
      return "inconclusive".equals(current.path("analysis").path("last").path("verdict").asText())
          && current.path("analysis").path("ledger").path("intervals").asInt() >= 5 ? current : null;
    }, "several inconclusive verdicts");
    assertEquals("Holding", active.path("phase").asText());
    assertEquals(0, active.path("step").asInt());
    assertTrue(Instant.now().isAfter(Instant.parse(active.path("holdUntil").asText())), "past the hold's end");
    assertEquals(202, flotilla.api.post("/api/v1/services/quiet/abort", "{}").status());
    flotilla.awaitIdle("quiet", Duration.ofSeconds(30));
  }

  @Test
  void tooLittleTrafficRollsBackWhenThePolicySaysRollback() {
    serving("sparse", "3s", "rollback");
    flotilla.api.release("sparse", "2.0.0");
    JsonNode release = lastRelease(flotilla.awaitIdle("sparse", Duration.ofSeconds(60)));
    assertEquals("RolledBack", release.path("phase").asText());
    assertTrue(release.path("reason").asText().contains("onInconclusive: rollback"), release.toString());
  }

  @Test
  void failingMetricsSourceIsCountedApartAndHoldsTheReleaseThenItRecovers() {
    String url = serving("blind", "3s", "hold");
    try (LoadGenerator load = LoadGenerator.start(url, REQUESTS_PER_SECOND)) {
      flotilla.cloud.faults().failNext("readMetrics", 1_000);
      flotilla.api.release("blind", "1.1.0");
      JsonNode active = Eventually.value(Duration.ofSeconds(60), () -> {
        JsonNode current = flotilla.api.status("blind").path("activeRelease");
        return current.path("analysis").path("ledger").path("consecutiveSourceErrors").asInt() >= 4
            ? current : null;
      }, "metrics source errors past the limit");
      assertEquals("Holding", active.path("phase").asText(), "holds, neither promoted nor rolled back");
      assertTrue(Instant.now().isAfter(Instant.parse(active.path("holdUntil").asText())));
      JsonNode last = active.path("analysis").path("last");
      assertEquals("error", last.path("verdict").asText());
      assertTrue(last.path("summary").asText().contains("metrics source"), last.toString());

      flotilla.cloud.faults().clearCallFaults();
      JsonNode release = lastRelease(flotilla.awaitIdle("blind", Duration.ofSeconds(90)));
      assertEquals("Promoted", release.path("phase").asText(), "the version was never judged bad");
    }
  }

  @Test
  void alarmInAlarmStateRollsBack() {
    String url = serving("alarmed", "2m", "hold");
    try (LoadGenerator load = LoadGenerator.start(url, REQUESTS_PER_SECOND)) {
      flotilla.api.release("alarmed", "1.1.0");
      flotilla.awaitPhase("alarmed", "Holding", 0, Duration.ofSeconds(60));
      flotilla.cloud.faults().setAlarm(TestFlotilla.LOCAL, "alarmed-5xx", AlarmState.ALARM);
      JsonNode release = lastRelease(flotilla.awaitIdle("alarmed", Duration.ofSeconds(60)));
      assertEquals("RolledBack", release.path("phase").asText());
      assertEquals("alarm in ALARM: alarmed-5xx", release.path("reason").asText());
    }
  }

  /** The event feed shows each verdict with its numbers. */
  private static void assertVerdictWithNumbers(String service) {
    JsonNode events = flotilla.api.get("/api/v1/events?service=" + service + "&limit=1000").body().path("events");
    JsonNode recorded = null;
    for (JsonNode event : events) {
      if (event.path("type").asText().equals("AnalysisRecorded")) {
        recorded = event;
      }
    }
    assertNotNull(recorded, "AnalysisRecorded in the feed");
    JsonNode metric = recorded.path("data").path("judgement").path("metrics").get(0);
    for (String field : new String[] {"baselineValue", "canaryValue", "pValue", "threshold", "baselineCount",
        "canaryCount", "reason"}) {
      assertTrue(metric.hasNonNull(field), field + " in " + metric);
    }
  }
}
