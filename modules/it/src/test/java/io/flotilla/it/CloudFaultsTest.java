package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.local.LocalCloudConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 c: the local cloud fails or slows 20% of its calls while 24 services roll out at once, a quarter of them
 * with a bad version that must be rolled back. Every rollout reaches its expected end, no version ever has two
 * environments, and once retired environments are collected the cloud holds exactly one environment per service:
 * no stray stacks.
 *
 * <p>The 20% is split evenly: 10% of calls fail (retryably), and 1/9 of calls are slowed by 3 s, so that 10% of
 * calls are slowed without failing (1 - 0.9 x 8/9 = 20% affected). A slowed call takes longer than the engine's
 * cloud-call timeout here (2 s): the engine gives up on it and retries while the cloud still carries it out, the
 * case in which a careless retry would create a second environment.
 */
class CloudFaultsTest {
  private static final int SERVICES = 24;
  private static final double FAIL = 0.10;
  private static final double SLOW = 1.0 / 9;
  private static final Duration DELAY = Duration.ofSeconds(3);

  @Test
  void rolloutsCompleteAndNoVersionIsDuplicatedWhenTheCloudFailsOrSlowsAFifthOfItsCalls() throws Exception {
    try (TestFlotilla flotilla = TestFlotilla.start("cloudfaults",
        LocalCloudConfig.defaults().withHealthCheckInterval(Duration.ofMillis(200)),
        "flotilla.engine.cloud-call-timeout = 2s");
        PeakVersionSampler sampler = PeakVersionSampler.start(flotilla.cloud)) {
      List<String> good = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      for (int i = 0; i < SERVICES; i++) {
        String name = "faulty-%02d".formatted(i);
        (i % 4 == 3 ? bad : good).add(name);
        flotilla.register(spec(name));
      }
      long started = System.nanoTime();
      flotilla.cloud.faults().random(FAIL, SLOW, DELAY);
      Map<String, Long> callsBefore = flotilla.cloud.callCounts();

      all(good, bad).forEach(name -> assertEquals(202, flotilla.api.release(name, "1.0.0").status()));
      Map<String, String> first = awaitOutcomes(flotilla, all(good, bad));
      System.out.printf("1.0.0 on %d services under faults: %s in %d ms%n", SERVICES, count(first), millis(started));

      // a bad version: its alarm fires as soon as it is judged
      bad.forEach(name -> flotilla.cloud.faults().setAlarm(TestFlotilla.LOCAL, name + "-5xx", AlarmState.ALARM));
      long releasing = System.nanoTime();
      all(good, bad).forEach(name -> assertEquals(202, flotilla.api.release(name, "2.0.0").status()));
      Map<String, String> second = awaitOutcomes(flotilla, all(good, bad));
      System.out.printf("2.0.0 on %d services under faults: %s in %d ms%n", SERVICES, count(second),
          millis(releasing));

      Map<String, String> expectedOutcomes = new TreeMap<>();
      good.forEach(name -> expectedOutcomes.put(name, "Promoted 2.0.0"));
      bad.forEach(name -> expectedOutcomes.put(name, "RolledBack 2.0.0"));
      expectedOutcomes.forEach((name, outcome) -> {
        if (!outcome.equals(second.get(name))) {
          System.out.printf("%s ended %s, expected %s; its events:%n%s%n", name, second.get(name), outcome,
              flotilla.api.get("/api/v1/events?service=" + name + "&limit=1000").text());
        }
      });
      assertEquals(expectedOutcomes, second);

      Map<String, Integer> expected = new TreeMap<>();
      good.forEach(name -> expected.put(name + "/2.0.0", 1));
      bad.forEach(name -> expected.put(name + "/1.0.0", 1));
      Eventually.until(Duration.ofSeconds(120), () -> PeakVersionSampler.count(flotilla.cloud).equals(expected),
          "retired environments collected, still under faults");
      long total = millis(started);
      Map<String, Long> calls = new TreeMap<>();
      flotilla.cloud.callCounts().forEach((operation, count) -> {
        long made = count - callsBefore.getOrDefault(operation, 0L);
        if (made > 0) {
          calls.put(operation, made);
        }
      });
      System.out.printf("cloud calls under faults: %d %s; injected: %s; everything settled in %d ms%n",
          calls.values().stream().mapToLong(Long::longValue).sum(), calls, flotilla.cloud.injectedFaults(), total);

      assertEquals(Map.of(), sampler.duplicated(), "no version ever had two environments at once");
      for (String name : all(good, bad)) {
        assertEquals(1, requested(flotilla, name, "2.0.0"), "one environment decided for " + name + " 2.0.0");
      }
      flotilla.cloud.faults().clearCallFaults();
    }
  }

  private static String spec(String name) {
    return """
        name: %s
        image: demo/%s
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 20, hold: 3s}, {weight: 100}], environmentTimeout: 3m}
        retention: {keepPreviousFor: 0s}
        analysis: {interval: 1s, warmup: 0s, metrics: [], alarms: [%s-5xx], onInconclusive: proceed}
        """.formatted(name, name, name);
  }

  /** Waits until none of {@code services} has a release in flight; returns each one's last outcome and version. */
  private static Map<String, String> awaitOutcomes(TestFlotilla flotilla, List<String> services) {
    Map<String, String> outcomes = new TreeMap<>();
    for (String name : services) {
      JsonNode status = flotilla.awaitIdle(name, Duration.ofSeconds(180));
      JsonNode last = status.path("history").get(status.path("history").size() - 1);
      outcomes.put(name, last.path("phase").asText() + " " + last.path("version").asText());
    }
    return outcomes;
  }

  /** How many environments the service's journal decided to create for {@code version}. */
  private static int requested(TestFlotilla flotilla, String service, String version) {
    int requested = 0;
    for (JsonNode event : flotilla.api.get("/api/v1/events?service=" + service + "&limit=1000").body()
        .path("events")) {
      if (event.path("type").asText().equals("EnvironmentRequested")
          && event.path("data").path("environment").path("version").asText().equals(version)) {
        requested++;
      }
    }
    return requested;
  }

  private static Map<String, Long> count(Map<String, String> outcomes) {
    Map<String, Long> counts = new TreeMap<>();
    outcomes.values().forEach(outcome -> counts.merge(outcome, 1L, Long::sum));
    return counts;
  }

  private static List<String> all(List<String> good, List<String> bad) {
    List<String> all = new ArrayList<>(good);
    all.addAll(bad);
    return all;
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
