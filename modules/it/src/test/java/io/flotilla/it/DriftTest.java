package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Criterion f: the periodic reconcile repairs what was changed behind Flotilla's back. */
class DriftTest {
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("drift");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  /** Registers and fully releases 1.0.0 then holds 2.0.0 at 30%. Returns the endpoint URL. */
  private static String midRollout(String name) {
    flotilla.register("""
        name: %s
        image: demo/%s
        runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 30, hold: 10m}, {weight: 100}], environmentTimeout: 1m}
        analysis: {metrics: []}
        """.formatted(name, name));
    flotilla.api.release(name, "1.0.0");
    String url = flotilla.awaitIdle(name, Duration.ofSeconds(60)).path("endpointUrl").asText();
    flotilla.api.release(name, "2.0.0");
    flotilla.awaitPhase(name, "Holding", 0, Duration.ofSeconds(60));
    return url;
  }

  @Test
  void environmentDeletedBehindOurBackIsRecreatedAndItsWeightsRestored() {
    String url = midRollout("vanish");
    String canary = environmentOf("vanish", "2.0.0").orElseThrow().environmentId();

    flotilla.cloud.faults().deleteEnvironment(TestFlotilla.LOCAL, canary);
    assertTrue(environmentOf("vanish", "2.0.0").isEmpty());

    Eventually.until(Duration.ofSeconds(30), () -> environmentOf("vanish", "2.0.0")
        .filter(env -> env.status() == EnvironmentStatus.HEALTHY).isPresent(), "canary re-created and healthy");
    assertEquals(canary, environmentOf("vanish", "2.0.0").orElseThrow().environmentId(), "same id");
    Eventually.until(Duration.ofSeconds(30), () -> flotilla.api.status("vanish").path("inSync").asBoolean(),
        "weights re-applied");
    Map<String, Integer> versions = ProxyTraffic.versions(url, 400, 8);
    assertTrue(versions.getOrDefault("2.0.0", 0) > 40, "the canary serves its share again: " + versions);
    assertEquals(400, versions.getOrDefault("1.0.0", 0) + versions.getOrDefault("2.0.0", 0), versions.toString());
    assertTrue(eventTypes("vanish").contains("DriftDetected"));
  }

  @Test
  void weightsChangedBehindOurBackAreRestored() {
    String url = midRollout("weights");
    String baseline = environmentOf("weights", "1.0.0").orElseThrow().environmentId();
    String canary = environmentOf("weights", "2.0.0").orElseThrow().environmentId();

    flotilla.cloud.faults().setWeights(TestFlotilla.LOCAL, "weights", new TrafficSplit(Map.of(canary, 100)));
    Eventually.until(Duration.ofSeconds(30), () -> liveWeights("weights").equals(Map.of(canary, 30, baseline, 70)),
        "weights restored to 30/70");
    Map<String, Integer> versions = ProxyTraffic.versions(url, 400, 8);
    assertTrue(versions.getOrDefault("1.0.0", 0) > 200, "the baseline serves most again: " + versions);
  }

  @Test
  void unknownEnvironmentTaggedWithTheEndpointIsDeleted() {
    midRollout("stray");
    flotilla.cloud.faults().createStray(TestFlotilla.LOCAL, "stray", "9.9.9", "stray-9-9-9-manual");
    assertTrue(environmentOf("stray", "9.9.9").isPresent());

    Eventually.until(Duration.ofSeconds(30), () -> environmentOf("stray", "9.9.9").isEmpty(), "stray deleted");
    JsonNode status = flotilla.api.status("stray");
    assertEquals("Holding", status.path("activeRelease").path("phase").asText(), "the rollout is undisturbed");
    assertEquals(List.of("1.0.0", "2.0.0"), flotilla.cloud.scan(TestFlotilla.LOCAL).toCompletableFuture().join()
        .environmentsOf("stray").stream().map(EnvironmentInfo::version).sorted().toList());
  }

  private static Optional<EnvironmentInfo> environmentOf(String service, String version) {
    return flotilla.cloud.scan(TestFlotilla.LOCAL).toCompletableFuture().join().environmentsOf(service).stream()
        .filter(env -> version.equals(env.version())).findFirst();
  }

  private static Map<String, Integer> liveWeights(String service) {
    TrafficSplit split = flotilla.cloud.scan(TestFlotilla.LOCAL).toCompletableFuture().join().endpoints()
        .get(service);
    return split == null ? Map.of() : split.nonZero();
  }

  private static List<String> eventTypes(String service) {
    return EventFeed.types(flotilla, service);
  }
}
