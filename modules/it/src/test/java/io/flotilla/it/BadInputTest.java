package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Criterion h: bad input gets a 4xx naming the field and changes nothing. */
class BadInputTest {
  private static final String VALID = """
      name: guarded
      image: demo/guarded
      runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
      rollout: {steps: [{weight: 100}]}
      """;
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("badinput");
    flotilla.register(VALID);
    flotilla.api.release("guarded", "1.0.0");
    flotilla.awaitIdle("guarded", Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  static Stream<Arguments> invalidSpecs() {
    String base = "name: guarded\nimage: demo/guarded\n";
    return Stream.of(
        Arguments.of("image: demo/x\n", "name"),
        Arguments.of("name: guarded\n", "image"),
        Arguments.of("name: Guarded!\nimage: x\n", "name"),
        Arguments.of(base + "team: ''\n", "team"),
        Arguments.of(base + "endpoint: {host: 'bad host', port: 80}\n", "endpoint.host"),
        Arguments.of(base + "endpoint: {port: 70000}\n", "endpoint.port"),
        Arguments.of(base + "runtime: {minInstances: 0}\n", "runtime.minInstances"),
        Arguments.of(base + "runtime: {minInstances: 3, maxInstances: 2}\n", "runtime.maxInstances"),
        Arguments.of(base + "runtime: {port: nope}\n", "runtime.port"),
        Arguments.of(base + "runtime: {healthCheck: {path: health}}\n", "runtime.healthCheck.path"),
        Arguments.of(base + "runtime: {env: {'1BAD': x}}\n", "runtime.env.1BAD"),
        Arguments.of(base + "rollout: {steps: [{weight: 10}, {weight: 50}, {weight: 150}]}\n",
            "rollout.steps[2].weight"),
        Arguments.of(base + "rollout: {steps: [{weight: 50}, {weight: 30}, {weight: 100}]}\n", "rollout.steps"),
        Arguments.of(base + "rollout: {steps: [{weight: 10}, {weight: 50}]}\n", "rollout.steps"),
        Arguments.of(base + "rollout: {steps: [{weight: 10, hold: soon}, {weight: 100}]}\n",
            "rollout.steps[0].hold"),
        Arguments.of(base + "rollout: {preset: sideways}\n", "rollout.preset"),
        Arguments.of(base + "rollout: {environmentTimeout: 1s}\n", "rollout.environmentTimeout"),
        Arguments.of(base + "analysis: {interval: abc}\n", "analysis.interval"),
        Arguments.of(base + "analysis: {minRequests: -1}\n", "analysis.minRequests"),
        Arguments.of(base + "analysis: {metrics: [{name: errors, type: error-rate, maxIncrease: 2}]}\n",
            "analysis.metrics[0].maxIncrease"),
        Arguments.of(base + "analysis: {metrics: [{name: p99, type: latency, percentile: 99, maxRatio: 0.5}]}\n",
            "analysis.metrics[0].maxRatio"),
        Arguments.of(base + "analysis: {onInconclusive: shrug}\n", "analysis.onInconclusive"),
        Arguments.of(base + "retention: {maxLiveVersions: 1}\n", "retention.maxLiveVersions"),
        Arguments.of(base + "retention: {keepPreviousFor: forever}\n", "retention.keepPreviousFor"),
        Arguments.of(base + "colour: blue\n", "colour"),
        Arguments.of(base + "runtime: {cpu: 2}\n", "runtime.cpu"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidSpecs")
  void everyInvalidSpecFieldIsRejectedWithItsNameAndChangesNothing(String yaml, String field) {
    JsonNode before = flotilla.api.status("guarded");
    ApiClient.Response response = flotilla.api.putYaml("/api/v1/services/guarded", yaml);
    assertEquals(400, response.status(), response.text());
    List<String> fields = new ArrayList<>();
    response.body().path("details").forEach(detail -> fields.add(detail.path("field").asText()));
    assertTrue(fields.contains(field), "expected an error naming " + field + ", got " + response.text());
    JsonNode after = flotilla.api.status("guarded");
    assertEquals(before.path("revision"), after.path("revision"));
    assertEquals(before.path("spec"), after.path("spec"));
  }

  @Test
  void invalidVersionIsRejectedNamingTheField() {
    ApiClient.Response response = flotilla.api.release("guarded", "no spaces allowed");
    assertEquals(400, response.status(), response.text());
    assertEquals("version", response.body().path("details").get(0).path("field").asText());
    assertTrue(flotilla.api.status("guarded").path("activeRelease").isMissingNode()
        || flotilla.api.status("guarded").path("activeRelease").isNull());
  }

  @Test
  void unknownServiceIs404ForReadsAndCommands() {
    assertEquals(404, flotilla.api.get("/api/v1/services/nobody").status());
    assertEquals(404, flotilla.api.release("nobody", "1.0.0").status());
    assertEquals(404, flotilla.api.post("/api/v1/services/nobody/rollback", "{}").status());
    assertEquals(404, flotilla.api.get("/api/v1/services/nobody").status(), "asking did not create it");
  }

  @Test
  void impossibleTransitionsAre409AndChangeNothing() {
    JsonNode before = flotilla.api.status("guarded");
    for (String action : List.of("promote", "pause", "resume", "abort")) {
      ApiClient.Response response = flotilla.api.post("/api/v1/services/guarded/" + action, "{}");
      assertEquals(409, response.status(), action + ": " + response.text());
      assertEquals("conflict", response.body().path("error").asText());
    }
    JsonNode after = flotilla.api.status("guarded");
    assertEquals(before.path("history"), after.path("history"));
    assertEquals(before.path("desired"), after.path("desired"));
  }

  @Test
  void nameInPathMustMatchTheSpec() {
    ApiClient.Response response = flotilla.api.putYaml("/api/v1/services/other", VALID);
    assertEquals(400, response.status(), response.text());
    assertEquals(404, flotilla.api.get("/api/v1/services/other").status());
  }

  @Test
  void malformedBodiesAreRejected() {
    assertEquals(400, flotilla.api.putJson("/api/v1/services/guarded", "{\"name\": ").status());
    assertEquals(400, flotilla.api.putYaml("/api/v1/services/guarded", "name: [unclosed").status());
    assertEquals(400, flotilla.api.post("/api/v1/services/guarded/releases", "{\"version\": 12}").status());
    assertEquals(400, flotilla.api.post("/api/v1/services/guarded/releases", "[]").status());
  }
}
