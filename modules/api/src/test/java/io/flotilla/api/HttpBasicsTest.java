package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.engine.health.CassandraHealth;
import io.flotilla.engine.health.StoreUnavailableException;
import java.time.Instant;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiNodeExtension.class)
class HttpBasicsTest {
  private final ApiNode node;

  HttpBasicsTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void healthzSaysTheProcessIsAlive() {
    ApiNode.Response response = node.get("/healthz");
    assertEquals(200, response.status());
    assertEquals("ok", response.json().path("status").asText());
  }

  @Test
  void readyzPassesWhileRunningOnceTheMemberIsUpAndCassandraAnswers() {
    ApiNode.Response response = node.get("/readyz");
    assertEquals(200, response.status(), response.toString());
    assertEquals("running", response.json().path("checks").path("shutdown").asText());
    assertEquals("Up", response.json().path("checks").path("cluster").asText());
    assertTrue(response.json().path("checks").path("cassandra").asText().startsWith("Cassandra"));
  }

  @Test
  void readyzNamesEachFailedCheck() throws Exception {
    ReadinessCheck down = new ReadinessCheck("cassandra",
        () -> CompletableFuture.failedFuture(new IllegalStateException("connection refused")));
    FlotillaApi.Parts parts = FlotillaApi.Parts.cassandra(node.engine, node.system);
    FlotillaApi.Parts failing = new FlotillaApi.Parts(parts.journal(), parts.directory(),
        List.of(ReadinessCheck.clusterMemberUp(node.system), down), Clock.systemUTC());
    ServerBinding binding = ApiNode.bind(node.system, FlotillaApi.routes(node.engine, node.system, failing));
    try {
      String url = "http://127.0.0.1:" + binding.localAddress().getPort() + "/readyz";
      ApiNode.Response response = node.send(HttpRequest.newBuilder(java.net.URI.create(url)).GET());
      assertEquals(503, response.status(), response.toString());
      assertEquals("not_ready", response.json().path("error").asText());
      assertEquals(List.of("cassandra"), ServiceRoutesTest.fields(response.json()));
      assertEquals("connection refused", response.json().path("details").path(0).path("message").asText());
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void unknownRoutesAreNotFoundInJson() {
    for (String path : List.of("/nope", "/api/v1/nope", "/api/v2/services", "/api/v1/services/x/y/z")) {
      ApiNode.Response response = node.get(path);
      assertEquals(404, response.status(), path);
      assertEquals("not_found", response.json().path("error").asText(), path);
      assertTrue(response.json().path("details").isArray());
    }
  }

  @Test
  void theWrongMethodIsNotAllowedAndSaysWhichAre() {
    ApiNode.Response patch = node.send(node.request("/api/v1/services/checkout")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(405, patch.status(), patch.toString());
    assertEquals("method_not_allowed", patch.json().path("error").asText());
    String allow = patch.header("Allow");
    assertTrue(allow.contains("GET") && allow.contains("PUT") && allow.contains("DELETE"), allow);
    ApiNode.Response getAction = node.get("/api/v1/services/checkout/promote");
    assertEquals(405, getAction.status(), getAction.toString());
    assertEquals("POST", getAction.header("Allow"));
    assertEquals(405, node.post("/healthz", null).status());
  }

  @Test
  void bodiesOverTheLimitAreTooLarge() {
    String name = Specs.uniqueName("huge");
    String huge = Specs.yaml(name) + "# " + "x".repeat(2 * 1024 * 1024) + "\n";
    ApiNode.Response response = node.put("/api/v1/services/" + name, "application/yaml", huge);
    assertEquals(413, response.status(), response.status() + " " + response.text().length());
    assertEquals("payload_too_large", response.json().path("error").asText());
    assertEquals(404, node.get("/api/v1/services/" + name).status());
  }

  @Test
  void anAskTimeoutIsUnavailableNotAnInternalError() throws Exception {
    ApiExceptionHandler handler = handler();
    HttpResponse response = handler.responseFor(
        new java.util.concurrent.CompletionException(new AskTimeoutException("Ask timed out")), "GET /x");
    assertEquals(503, response.status().intValue());
    assertEquals("unavailable", body(response).path("error").asText());
    assertEquals("5", response.getHeader("Retry-After").orElseThrow().value());
  }

  @Test
  void aChangeRefusedWhileCassandraIsUnavailableIs503WithRetryAfterAndSaysNothingChanged() throws Exception {
    CassandraHealth.Status down = new CassandraHealth.Status(false, Instant.parse("2026-11-22T10:00:00Z"),
        "Cassandra unavailable: No node was available to execute the query");
    HttpResponse response = handler().responseFor(
        new java.util.concurrent.CompletionException(new StoreUnavailableException(down, false)), "PUT /x");
    assertEquals(503, response.status().intValue());
    assertEquals("5", response.getHeader("Retry-After").orElseThrow().value());
    JsonNode body = body(response);
    assertEquals("unavailable", body.path("error").asText());
    assertTrue(body.path("message").asText().contains("nothing was changed"), body.toString());
  }

  @Test
  void aChangeCassandraWentAwayDuringIs503SayingItMayHaveBeenMade() throws Exception {
    CassandraHealth.Status down = new CassandraHealth.Status(false, Instant.parse("2026-11-22T10:00:00Z"), "gone");
    HttpResponse response = handler().responseFor(new StoreUnavailableException(down, true), "POST /x");
    assertEquals(503, response.status().intValue());
    assertTrue(body(response).path("message").asText().contains("may or may not have been made"));
  }

  private ApiExceptionHandler handler() {
    return new ApiExceptionHandler(ApiJson.create(node.system), 1024, java.time.Duration.ofSeconds(5));
  }

  @Test
  void anUnexpectedFailureIsInternalWithoutDetails() throws Exception {
    ApiExceptionHandler handler = handler();
    HttpResponse response = handler.responseFor(new IllegalStateException("secret detail"), "GET /x");
    assertEquals(500, response.status().intValue());
    JsonNode body = body(response);
    assertEquals("internal", body.path("error").asText());
    assertFalse(body.toString().contains("secret detail"));
    assertFalse(body.toString().contains("IllegalStateException"));
  }

  private JsonNode body(HttpResponse response) throws Exception {
    return ApiNode.JSON.readTree(response.entity().toStrict(5000, node.system).toCompletableFuture()
        .get(5, TimeUnit.SECONDS).getData().utf8String());
  }
}
