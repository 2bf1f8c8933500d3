package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.testkit.TestNodeConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiNodeExtension.class)
class ReleaseRoutesTest {
  private static final Duration RELEASE_TIME = Duration.ofSeconds(60);

  private final ApiNode node;

  ReleaseRoutesTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void releaseIsAcceptedAndTheStatusShowsIt() {
    String name = created(Specs.yaml(Specs.uniqueName("release")));
    ApiNode.Response response = node.post(path(name, "releases"), "{\"version\": \"1.0.0\"}");
    assertEquals(202, response.status(), response.toString());
    assertEquals("started", response.json().path("outcome").asText());
    String releaseId = response.json().path("releaseId").asText();
    JsonNode status = node.get("/api/v1/services/" + name).json();
    JsonNode release = status.has("activeRelease") ? status.path("activeRelease") : lastRelease(status);
    assertEquals(releaseId, release.path("id").asText());
    assertEquals("1.0.0", release.path("version").asText());
    JsonNode promoted = awaitLastRelease(name, "Promoted");
    assertEquals(releaseId, promoted.path("id").asText());
    JsonNode weights = node.get("/api/v1/services/" + name).json().path("desired");
    assertEquals("1.0.0", weights.path(0).path("version").asText());
    assertEquals(100, weights.path(0).path("weight").asInt());
  }

  @Test
  void invalidReleaseBodiesAreRefusedBeforeAsking() {
    String name = created(Specs.yaml(Specs.uniqueName("bad-release")));
    ApiNode.Response badVersion = node.post(path(name, "releases"), "{\"version\": \"1.0 beta\"}");
    assertEquals(400, badVersion.status(), badVersion.toString());
    assertEquals(List.of("version"), ServiceRoutesTest.fields(badVersion.json()));
    assertTrue(badVersion.json().path("message").asText().startsWith("version: must match"));
    ApiNode.Response missing = node.post(path(name, "releases"), null);
    assertEquals("version: is required", missing.json().path("message").asText(), missing.toString());
    ApiNode.Response malformed = node.post(path(name, "releases"), "{\"version\": ");
    assertEquals(400, malformed.status(), malformed.toString());
    assertTrue(malformed.json().path("details").path(0).path("message").asText().startsWith("line 1"));
    ApiNode.Response unknownField = node.post(path(name, "releases"), "{\"version\": \"1.0.0\", \"force\": true}");
    assertEquals(List.of("force"), ServiceRoutesTest.fields(unknownField.json()), unknownField.toString());
    ApiNode.Response wrongType = node.send(node.request(path(name, "releases"), "Content-Type", "text/plain")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("1.0.0")));
    assertEquals(415, wrongType.status(), wrongType.toString());
    JsonNode status = node.get("/api/v1/services/" + name).json();
    assertFalse(status.has("activeRelease"), status.toString());
    assertEquals(0, status.path("history").size());
  }

  @Test
  void promoteWithNothingInFlightIsAConflictAndChangesNothing() {
    String name = created(Specs.yaml(Specs.uniqueName("conflict")));
    JsonNode before = desiredState(name);
    ApiNode.Response response = node.post(path(name, "promote"), null);
    assertEquals(409, response.status(), response.toString());
    assertEquals("conflict", response.json().path("error").asText());
    assertEquals(before, desiredState(name));
  }

  @Test
  void actionsOnUnknownServicesAreNotFound() {
    for (String action : List.of("releases", "rollback", "pause", "resume", "promote", "abort")) {
      String body = action.equals("releases") ? "{\"version\": \"1.0.0\"}" : null;
      ApiNode.Response response = node.post(path("no-such-service", action), body);
      assertEquals(404, response.status(), action + ": " + response);
      assertEquals("not_found", response.json().path("error").asText());
    }
  }

  @Test
  void pauseResumeAndRollbackAReleaseInFlight() {
    String name = holdingRelease("actions", "2.0.0");
    assertAccepted("paused", node.post(path(name, "pause"), null));
    assertTrue(node.get("/api/v1/services/" + name).json().path("activeRelease").path("paused").asBoolean());
    assertAccepted("no-op", node.post(path(name, "pause"), null));
    assertAccepted("resumed", node.post(path(name, "resume"), null));
    assertEquals(409, node.post(path(name, "resume"), null).status(), "resume when not paused");
    assertEquals(400, node.post(path(name, "pause"), "{\"reason\": \"x\"}").status(), "pause takes no reason");
    assertAccepted("rolling-back", node.post(path(name, "rollback"), "{\"reason\": \"canary looks wrong\"}"));
    JsonNode rolledBack = awaitLastRelease(name, "RolledBack");
    assertEquals("2.0.0", rolledBack.path("version").asText());
    assertEquals("canary looks wrong", rolledBack.path("reason").asText());
    JsonNode desired = node.get("/api/v1/services/" + name).json().path("desired");
    assertEquals("1.0.0", desired.path(0).path("version").asText());
  }

  @Test
  void abortStopsAReleaseInFlight() {
    String name = holdingRelease("abort", "2.0.0");
    assertAccepted("aborting", node.post(path(name, "abort"), "{\"reason\": \"wrong build\"}"));
    JsonNode aborted = awaitLastRelease(name, "Aborted");
    assertEquals("wrong build", aborted.path("reason").asText());
  }

  @Test
  void promoteSkipsTheRemainingSteps() {
    String name = holdingRelease("promote", "2.0.0");
    assertAccepted("promoting", node.post(path(name, "promote"), null));
    assertEquals("2.0.0", awaitLastRelease(name, "Promoted").path("version").asText());
  }

  @Test
  void anIdempotencyKeyReplaysTheFirstAnswerWithoutASecondCommand() {
    String name = created(Specs.yamlWithLongHold(Specs.uniqueName("idempotent")));
    String key = "deploy-" + name;
    ApiNode.Response first = node.post(path(name, "releases"), "{\"version\": \"1.0.0\"}", "Idempotency-Key", key);
    assertEquals(202, first.status(), first.toString());
    assertNull(first.header(IdempotencyCache.REPLAYED_HEADER));
    ApiNode.Response second = node.post(path(name, "releases"), "{\"version\": \"1.0.0\"}", "Idempotency-Key", key);
    assertEquals(202, second.status(), second.toString());
    assertEquals(first.json(), second.json());
    assertEquals("true", second.header(IdempotencyCache.REPLAYED_HEADER));
    ApiNode.Response other = node.post(path(name, "releases"), "{\"version\": \"9.9.9\"}", "Idempotency-Key", key);
    assertEquals(422, other.status(), other.toString());
    assertEquals("idempotency_key_reused", other.json().path("error").asText());
    // without the key, the same request reaches the entity again, which says so
    ApiNode.Response unkeyed = node.post(path(name, "releases"), "{\"version\": \"1.0.0\"}");
    assertAccepted("no-op", unkeyed);
    JsonNode events = node.get("/api/v1/events?service=" + name).json().path("events");
    long requested = 0;
    for (JsonNode event : events) {
      requested += event.path("type").asText().equals("ReleaseRequested") ? 1 : 0;
      assertFalse(event.path("type").asText().equals("ReleaseQueued"), "9.9.9 was never queued");
    }
    assertEquals(1, requested, events.toString());
  }

  @Test
  void aKeyedReleaseRetriedOnAnotherNodeIsRecognisedByTheEndpointAndMakesNoSecondRelease() throws Exception {
    String name = holdingRelease("retried", "2.0.0");
    String key = "queue-3-" + name;
    ApiNode.Response first = node.post(path(name, "releases"), "{\"version\": \"3.0.0\"}", "Idempotency-Key", key);
    assertAccepted("queued", first);
    // another node: the same cluster, its own idempotency cache, which never saw the key (as after a timeout, or a
    // retry that a load balancer sends elsewhere)
    ServerBinding other = ApiNode.bind(node.system, FlotillaApi.routes(node.engine, node.system));
    try {
      ApiNode.Response retried = node.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + other.localAddress().getPort() + path(name, "releases")))
          .header("Authorization", "Bearer " + TestNodeConfig.ADMIN_TOKEN)
          .header("Content-Type", "application/json").header("Idempotency-Key", key)
          .POST(HttpRequest.BodyPublishers.ofString("{\"version\": \"3.0.0\"}")));
      assertAccepted("no-op", retried);
      assertEquals(first.json().path("releaseId"), retried.json().path("releaseId"), retried.toString());
    } finally {
      other.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    JsonNode events = node.get("/api/v1/events?service=" + name).json().path("events");
    List<String> queued = new ArrayList<>();
    for (JsonNode event : events) {
      assertFalse(event.path("type").asText().equals("QueuedReleaseReplaced"), "the retry replaced the first");
      if (event.path("type").asText().equals("ReleaseQueued")) {
        queued.add(event.path("data").path("requestId").asText());
      }
    }
    assertEquals(List.of(ReleaseRoutes.requestIdOf(key, "3.0.0")), queued);
  }

  /** A service whose first release (1.0.0) is promoted and whose second ({@code version}) holds at 50%. */
  private String holdingRelease(String prefix, String version) {
    String name = created(Specs.yamlWithLongHold(Specs.uniqueName(prefix)));
    assertEquals(202, node.post(path(name, "releases"), "{\"version\": \"1.0.0\"}").status());
    awaitLastRelease(name, "Promoted");
    assertEquals(202, node.post(path(name, "releases"), "{\"version\": \"" + version + "\"}").status());
    Eventually.until(RELEASE_TIME, () -> node.get("/api/v1/services/" + name).json(),
        status -> status.path("activeRelease").path("phase").asText().equals("Holding"));
    return name;
  }

  /** The status without what the inventory scanner refreshes on its own ({@code live}, {@code endpointUrl}). */
  private JsonNode desiredState(String name) {
    ObjectNode status = (ObjectNode) node.get("/api/v1/services/" + name).json();
    status.remove(List.of("live", "endpointUrl"));
    return status;
  }

  private String created(String yaml) {
    String name = yaml.lines().findFirst().orElseThrow().substring("name: ".length()).trim();
    ApiNode.Response response = node.put("/api/v1/services/" + name, "application/yaml", yaml);
    assertEquals(201, response.status(), response.toString());
    return name;
  }

  private JsonNode awaitLastRelease(String name, String phase) {
    JsonNode status = Eventually.until(RELEASE_TIME, () -> node.get("/api/v1/services/" + name).json(),
        current -> !current.has("activeRelease") && lastRelease(current).path("phase").asText().equals(phase));
    return lastRelease(status);
  }

  private static JsonNode lastRelease(JsonNode status) {
    JsonNode history = status.path("history");
    return history.path(history.size() - 1);
  }

  private static void assertAccepted(String outcome, ApiNode.Response response) {
    assertEquals(202, response.status(), response.toString());
    assertEquals(outcome, response.json().path("outcome").asText(), response.toString());
  }

  private static String path(String name, String action) {
    return "/api/v1/services/" + name + "/" + action;
  }
}
