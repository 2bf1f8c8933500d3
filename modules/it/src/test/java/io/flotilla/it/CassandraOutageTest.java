package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cassandra.EmbeddedCassandra;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.cloud.local.VersionBehavior;
import io.flotilla.testkit.TestCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 b: Cassandra stops for 30 s in the middle of several rollouts. Calls start just before the stop and go on
 * through it: every mutating call answers 503 promptly, or 2xx if it was persisted before Cassandra went (every 2xx
 * is recorded and checked in the journal afterwards); reads answer 200 marked degraded or 503, never 500; once Cassandra is back every rollout completes by
 * itself and no version ever has two environments.
 */
class CassandraOutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  /** A mutation answered later than this while Cassandra is down was not failed fast. */
  private static final long PROMPT_MILLIS = 5_000;

  /** Holding 40 s at 25%: mid-step for the whole outage. */
  private static final List<String> LONG_HOLD = List.of("hold-a", "hold-b", "hold-c");
  /** Its version takes 12 s to start: provisioning when Cassandra stops, healthy while it is down. */
  private static final List<String> SLOW_START = List.of("slow-a", "slow-b");
  /** Holds 4 s: the next step falls due while Cassandra is down. */
  private static final List<String> SHORT_HOLD = List.of("short-a");

  @Test
  void mutationsAnswer503ReadsAreDegradedAndRolloutsResumeAfterCassandraReturns() throws Exception {
    Path data = Path.of("target", "outage-cassandra").toAbsolutePath();
    deleteRecursively(data);
    EmbeddedCassandra cassandra = EmbeddedCassandra.builder(data)
        .cqlPort(TestCassandra.freePort())
        .storagePort(TestCassandra.freePort())
        .startupTimeout(Duration.ofMinutes(3))
        .stopOnJvmExit(true)
        .build();
    cassandra.start();
    try (TestFlotilla flotilla = TestFlotilla.startOnCassandra(cassandra.contactPoint(), "outage",
        LocalCloudConfig.defaults().withHealthCheckInterval(Duration.ofMillis(200)), "")) {
      flotilla.cloud.faults().overrideVersion("2.0.0-slow",
          VersionBehavior.WELL_BEHAVED.withStartup(Duration.ofSeconds(12)));
      List<String> services = new ArrayList<>();
      LONG_HOLD.forEach(name -> register(flotilla, name, "[{weight: 25, hold: 40s}, {weight: 100}]"));
      SLOW_START.forEach(name -> register(flotilla, name, "[{weight: 50, hold: 2s}, {weight: 100}]"));
      SHORT_HOLD.forEach(name -> register(flotilla, name, "[{weight: 50, hold: 4s}, {weight: 100}]"));
      services.addAll(LONG_HOLD);
      services.addAll(SLOW_START);
      services.addAll(SHORT_HOLD);
      for (String service : services) {
        flotilla.awaitIdle(service, Duration.ofSeconds(90));
      }

      try (PeakVersionSampler sampler = PeakVersionSampler.start(flotilla.cloud)) {
        LONG_HOLD.forEach(name -> flotilla.api.release(name, "2.0.0"));
        SHORT_HOLD.forEach(name -> flotilla.api.release(name, "2.0.0"));
        SLOW_START.forEach(name -> flotilla.api.release(name, "2.0.0-slow"));
        LONG_HOLD.forEach(name -> flotilla.awaitPhase(name, "Holding", 0, Duration.ofSeconds(60)));
        SLOW_START.forEach(name -> Eventually.until(Duration.ofSeconds(30), () -> "Provisioning".equals(
            flotilla.api.status(name).path("activeRelease").path("phase").asText()), name + " provisioning"));

        // the calls start before the stop: some may be persisted just before Cassandra goes (a 2xx then)
        OutageProbe probe = new OutageProbe(flotilla.api, services);
        Thread calls = new Thread(probe::run, "outage-calls");
        calls.start();
        Eventually.sleep(500);
        long stopping = System.nanoTime();
        cassandra.stop();
        probe.cassandraStopped();
        System.out.printf("Cassandra stopped (SIGTERM, drained) in %d ms; calls go on for %d s%n",
            millis(stopping), OUTAGE.toSeconds());
        Eventually.sleep(OUTAGE.toMillis());
        probe.finish();
        calls.join(60_000);
        long starting = System.nanoTime();
        cassandra.start();
        System.out.printf("Cassandra started again on the same data and port in %d ms%n", millis(starting));
        probe.print();

        long recovering = System.nanoTime();
        Eventually.until(Duration.ofSeconds(60), () -> flotilla.api.get("/readyz").status() == 200, "ready again");
        System.out.printf("ready again %d ms after Cassandra was back%n", millis(recovering));
        Map<String, String> outcomes = new TreeMap<>();
        for (String service : services) {
          // a pause made just before the stop (acknowledged, or answered 503 "may or may not have been made")
          // holds its release; resuming it is the operator's part
          AtomicReference<JsonNode> last = new AtomicReference<>();
          try {
            Eventually.until(Duration.ofSeconds(120), () -> {
              JsonNode active = flotilla.api.status(service).path("activeRelease");
              last.set(active);
              if (active.path("paused").asBoolean()) {
                System.out.println(service + " was paused just before the stop; resuming it");
                flotilla.api.post("/api/v1/services/" + service + "/resume", "");
              }
              return !active.isObject();
            }, service + " to finish its release after the outage");
          } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last.get(), e);
          }
          outcomes.put(service, TestFlotilla.lastOutcome(flotilla.api.status(service)));
        }
        System.out.printf("every rollout ended %d ms after Cassandra was back: %s%n", millis(recovering), outcomes);
        Map<String, String> serving = new TreeMap<>();
        for (String service : services) {
          JsonNode status = flotilla.api.status(service);
          String expected = probe.rolledBack(service) ? "RolledBack" : "Promoted";
          assertTrue(outcomes.get(service).equals(expected) || probe.releasedDuringOutage(service),
              service + " ended " + outcomes.get(service) + ", expected " + expected + ": "
                  + status.path("history").get(status.path("history").size() - 1));
          serving.put(service, status.path("desired").get(0).path("version").asText());
        }
        // the fleet view catches up by itself: every row shows the version that serves, nothing releasing
        Eventually.until(Duration.ofSeconds(60), () -> {
          JsonNode list = flotilla.api.get("/api/v1/services?limit=50").body();
          Map<String, String> listed = new TreeMap<>();
          list.path("services").forEach(row -> listed.put(row.path("service").asText(),
              row.path("releasing").asBoolean() ? "releasing" : row.path("version").asText()));
          return !list.has("degraded") && listed.equals(serving);
        }, "the fleet view to show " + serving);
        System.out.printf("fleet view caught up %d ms after Cassandra was back: %s%n", millis(recovering), serving);

        List<String> lost = probe.acknowledgedButNotPersisted(flotilla.api);
        assertTrue(lost.isEmpty(), "acknowledged during the outage but not in the journal: " + lost);
        Eventually.until(Duration.ofSeconds(60), () -> services.stream().allMatch(service ->
            PeakVersionSampler.count(flotilla.cloud).getOrDefault(service + "/1.0.0", 0)
                + PeakVersionSampler.count(flotilla.cloud).getOrDefault(service + "/2.0.0", 0)
                + PeakVersionSampler.count(flotilla.cloud).getOrDefault(service + "/2.0.0-slow", 0) <= 2),
            "retired environments collected");
        System.out.println("environments now: " + PeakVersionSampler.count(flotilla.cloud));
        List<String> violations = probe.violations(PROMPT_MILLIS);
        assertTrue(violations.isEmpty(), "answers during the outage: " + String.join("\n", violations));
        assertEquals(Map.of(), sampler.duplicated(), "no version ever had two environments");
        assertEquals(Map.of(), PeakVersionSampler.count(flotilla.cloud).entrySet().stream()
            .filter(entry -> entry.getValue() > 1).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                Map.Entry::getValue)), "no version has two environments now");
      }
    } finally {
      cassandra.stop();
    }
  }

  private static void register(TestFlotilla flotilla, String name, String steps) {
    flotilla.register(spec(name, steps, "team-0"));
    flotilla.api.release(name, "1.0.0");
  }

  static String spec(String name, String steps, String team) {
    return """
        name: %s
        image: demo/%s
        team: %s
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: %s, environmentTimeout: 4m}
        retention: {keepPreviousFor: 0s}
        analysis: {metrics: []}
        """.formatted(name, name, team, steps);
  }

  private static void deleteRecursively(Path directory) throws java.io.IOException {
    if (java.nio.file.Files.exists(directory)) {
      try (var paths = java.nio.file.Files.walk(directory)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
