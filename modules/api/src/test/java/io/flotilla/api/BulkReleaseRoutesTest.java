package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/v1/releases}, {@code GET /api/v1/releases/{id}} and {@code .../cancel} on a real node: items
 * released through their endpoints, per-item validation, all or nothing, idempotency, cancel.
 */
@ExtendWith(ApiNodeExtension.class)
class BulkReleaseRoutesTest {
  private static final Duration BULK_TIME = Duration.ofSeconds(90);

  private final ApiNode node;

  BulkReleaseRoutesTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void aBulkReleasesEveryItemThroughItsEndpointAndShowsItsProgress() {
    List<String> services = services("bulk-ok", 3, Specs::yaml);
    ApiNode.Response response = node.post("/api/v1/releases", body(items(services, "1.0.0"),
        "\"maxConcurrent\": 2, \"failureBudget\": 1"));
    assertEquals(202, response.status(), response.toString());
    JsonNode accepted = response.json();
    String id = accepted.path("id").asText();
    assertTrue(id.matches("bulk-[0-9a-f]{24}"), id);
    assertTrue(accepted.path("created").asBoolean());
    assertEquals(3, accepted.path("accepted").asInt());
    assertEquals(0, accepted.path("invalid").size());
    assertEquals("/api/v1/releases/" + id, response.header("Location"));

    JsonNode done = awaitFinished(id);
    assertEquals("completed", done.path("state").asText(), done.toString());
    assertEquals(3, done.path("counts").path("promoted").asInt());
    assertFalse(done.path("node").asText().isEmpty());
    for (JsonNode item : done.path("items")) {
      assertEquals("promoted", item.path("state").asText());
      assertEquals("Promoted", item.path("phase").asText());
      assertTrue(item.has("startedAt") && item.has("endedAt"), item.toString());
      JsonNode status = node.get("/api/v1/services/" + item.path("service").asText()).json();
      assertEquals(item.path("releaseId").asText(), status.path("history").path(0).path("id").asText());
      assertEquals("Promoted", status.path("history").path(0).path("phase").asText());
    }
  }

  @Test
  void invalidItemsAreReportedPerItemAndTheValidOnesGoAhead() {
    String good = services("bulk-mixed", 1, Specs::yaml).get(0);
    String unknown = Specs.uniqueName("bulk-nobody");
    String items = """
        {"service": "%s", "version": "1.0.0"},
        {"service": "%s", "version": "1.0 beta"},
        {"service": "Bad_Name", "version": "1.0.0"},
        {"service": "%s", "version": "2.0.0"},
        {"service": "%s", "version": "1.0.0"}
        """.formatted(good, Specs.uniqueName("bulk-x"), good, unknown);
    ApiNode.Response response = node.post("/api/v1/releases", body(items, "\"maxConcurrent\": 5"));
    assertEquals(202, response.status(), response.toString());
    JsonNode accepted = response.json();
    assertEquals(2, accepted.path("accepted").asInt());
    List<String> fields = new ArrayList<>();
    accepted.path("invalid").forEach(item -> item.path("errors").forEach(error -> fields.add(error.path("field")
        .asText())));
    assertEquals(List.of("items[1].version", "items[2].service", "items[3].service"), fields);
    assertTrue(accepted.path("invalid").path(2).path("errors").path(0).path("message").asText()
        .contains("also items[0]"), accepted.toString());

    JsonNode done = awaitFinished(accepted.path("id").asText());
    assertEquals("completed", done.path("state").asText(), done.toString());
    JsonNode byIndex = done.path("items");
    assertEquals("promoted", byIndex.path(0).path("state").asText());
    assertEquals("invalid", byIndex.path(1).path("state").asText());
    assertTrue(byIndex.path(1).path("reason").asText().startsWith("version: must match"), byIndex.toString());
    assertEquals("invalid", byIndex.path(4).path("state").asText(), "unknown services are found when asked");
    assertTrue(byIndex.path(4).path("reason").asText().contains("does not exist"), byIndex.path(4).toString());
    assertEquals(0, done.path("failures").asInt(), "invalid items do not use the failure budget");
  }

  @Test
  void allOrNothingRefusesTheRequestNamingEveryInvalidItemAndStartsNothing() {
    String good = services("bulk-aon", 1, Specs::yaml).get(0);
    String items = """
        {"service": "%s", "version": "1.0.0"},
        {"service": "%s", "version": ""},
        {"service": "%s"}
        """.formatted(good, Specs.uniqueName("bulk-y"), Specs.uniqueName("bulk-z"));
    ApiNode.Response response = node.post("/api/v1/releases", body(items, "\"allOrNothing\": true"));
    assertEquals(400, response.status(), response.toString());
    assertEquals(List.of("items[1].version", "items[2].version"), ServiceRoutesTest.fields(response.json()));
    assertUntouched(good);
  }

  @Test
  void allOrNothingWithAServiceThatDoesNotExistIsRejectedAndStartsNothing() {
    String good = services("bulk-aon-unknown", 1, Specs::yaml).get(0);
    String items = """
        {"service": "%s", "version": "1.0.0"},
        {"service": "%s", "version": "1.0.0"}
        """.formatted(good, Specs.uniqueName("bulk-ghost"));
    ApiNode.Response response = node.post("/api/v1/releases", body(items, "\"allOrNothing\": true"));
    assertEquals(202, response.status(), response.toString());
    JsonNode done = awaitFinished(response.json().path("id").asText());
    assertEquals("rejected", done.path("state").asText(), done.toString());
    assertEquals("skipped", done.path("items").path(0).path("state").asText());
    assertEquals("invalid", done.path("items").path(1).path("state").asText());
    assertEquals("service does not exist", done.path("items").path(1).path("reason").asText());
    assertUntouched(good);
  }

  @Test
  void requestLevelMistakesAre400NamingTheField() {
    assertInvalid("{}", "items");
    assertInvalid("{\"items\": {}}", "items");
    assertInvalid("{\"items\": []}", "items");
    assertInvalid(body(items(List.of("a-b"), "1.0.0"), "\"maxConcurrent\": 0"), "maxConcurrent");
    assertInvalid(body(items(List.of("a-b"), "1.0.0"), "\"maxConcurrent\": \"ten\""), "maxConcurrent");
    assertInvalid(body(items(List.of("a-b"), "1.0.0"), "\"maxConcurrent\": 1001"), "maxConcurrent");
    assertInvalid(body(items(List.of("a-b"), "1.0.0"), "\"failureBudget\": -1"), "failureBudget");
    assertInvalid(body(items(List.of("a-b"), "1.0.0"), "\"allOrNothing\": \"yes\""), "allOrNothing");
    assertInvalid(body(items(List.of("a-b"), "1.0.0"), "\"force\": true"), "force");
    assertInvalid("{\"items\": [{\"service\": \"a-b\", \"version\": \"1\", \"extra\": 1}]}", "items[0].extra");
    assertInvalid("{\"items\": [\"a-b\"]}", "items[0]");
    assertInvalid("{\"items\": [", "$");
  }

  @Test
  void theSameIdempotencyKeyAndBodyIsTheSameBulkAndAnotherBodyIsRefused() {
    List<String> services = services("bulk-key", 2, Specs::yaml);
    String key = "bulk-" + services.get(0);
    String body = body(items(services, "1.0.0"), "\"maxConcurrent\": 2");
    ApiNode.Response first = node.post("/api/v1/releases", body, "Idempotency-Key", key);
    assertEquals(202, first.status(), first.toString());
    String id = first.json().path("id").asText();

    ApiNode.Response again = node.post("/api/v1/releases", body, "Idempotency-Key", key);
    assertEquals(200, again.status(), again.toString());
    assertEquals(id, again.json().path("id").asText());
    assertFalse(again.json().path("created").asBoolean());
    assertEquals("true", again.header("Idempotent-Replayed"));

    ApiNode.Response other = node.post("/api/v1/releases", body(items(services, "2.0.0"), "\"maxConcurrent\": 2"),
        "Idempotency-Key", key);
    assertEquals(422, other.status(), other.toString());
    assertEquals("idempotency_key_reused", other.json().path("error").asText());

    ApiNode.Response withoutKey = node.post("/api/v1/releases", body);
    assertEquals(202, withoutKey.status());
    assertFalse(id.equals(withoutKey.json().path("id").asText()), "without a key, another bulk");

    awaitFinished(id);
    awaitFinished(withoutKey.json().path("id").asText());
    for (String service : services) {
      JsonNode events = node.get("/api/v1/events?service=" + service + "&limit=1000").json().path("events");
      long requested = 0;
      for (JsonNode event : events) {
        if (event.path("type").asText().equals("ReleaseRequested")) {
          requested++;
        }
      }
      assertEquals(1, requested, "one release of " + service + ": " + events);
    }
  }

  @Test
  void cancelStopsNewItemsWhileThoseInFlightRunToTheirEnd() {
    List<String> services = services("bulk-cancel", 4, Specs::yamlWithLongHold);
    awaitFinished(node.post("/api/v1/releases", body(items(services, "1.0.0"), "\"maxConcurrent\": 4"))
        .json().path("id").asText());
    // 2.0.0 holds at 50% for ten minutes: two items stay in flight until promoted by hand
    ApiNode.Response response = node.post("/api/v1/releases", body(items(services, "2.0.0"), "\"maxConcurrent\": 2"));
    String id = response.json().path("id").asText();
    JsonNode running = Eventually.until(BULK_TIME, () -> bulk(id),
        bulk -> bulk.path("items").path(0).path("phase").asText().equals("Holding")
            && bulk.path("items").path(1).path("phase").asText().equals("Holding"));
    assertEquals(2, running.path("counts").path("pending").asInt());

    ApiNode.Response cancel = node.post("/api/v1/releases/" + id + "/cancel", null);
    assertEquals(202, cancel.status(), cancel.toString());
    assertEquals("cancelled", cancel.json().path("bulk").path("state").asText());
    assertEquals(2, cancel.json().path("bulk").path("counts").path("cancelled").asInt());
    assertEquals(200, node.post("/api/v1/releases/" + id + "/cancel", null).status(), "no-op while in flight");

    for (String service : services.subList(0, 2)) {
      assertEquals(202, node.post("/api/v1/services/" + service + "/promote", null).status());
    }
    JsonNode done = awaitFinished(id);
    assertEquals("cancelled", done.path("state").asText());
    assertEquals(List.of("promoted", "promoted", "cancelled", "cancelled"), states(done));
    for (String service : services.subList(2, 4)) {
      JsonNode status = node.get("/api/v1/services/" + service).json();
      assertEquals(1, status.path("history").size(), "never released 2.0.0: " + status);
    }
    ApiNode.Response late = node.post("/api/v1/releases/" + id + "/cancel", null);
    assertEquals(409, late.status(), late.toString());
  }

  @Test
  void pagesFilterItemsByState() {
    List<String> services = services("bulk-page", 5, Specs::yaml);
    List<String> items = new ArrayList<>(List.of(items(services, "1.0.0").split(",\n")));
    items.add("{\"service\": \"" + Specs.uniqueName("bulk-ghost") + "\", \"version\": \"1.0.0\"}");
    String id = node.post("/api/v1/releases", body(String.join(",\n", items), "\"maxConcurrent\": 6"))
        .json().path("id").asText();
    awaitFinished(id);
    JsonNode page = bulk(id, "?offset=1&limit=2");
    assertEquals(List.of(1, 2), indexes(page));
    assertEquals(3, page.path("next").asInt());
    JsonNode last = bulk(id, "?offset=4&limit=2");
    assertEquals(List.of(4, 5), indexes(last));
    assertFalse(last.has("next"));
    JsonNode invalid = bulk(id, "?state=invalid");
    assertEquals(List.of(5), indexes(invalid));
    assertEquals(6, invalid.path("total").asInt());
  }

  @Test
  void unknownBulksAre404AndBadQueriesAre400() {
    assertEquals(404, node.get("/api/v1/releases/bulk-000000000000000000000000").status());
    assertEquals(404, node.get("/api/v1/releases/not-a-bulk").status());
    assertEquals(404, node.post("/api/v1/releases/bulk-000000000000000000000000/cancel", null).status());
    String id = node.post("/api/v1/releases", body(items(services("bulk-q", 1, Specs::yaml), "1.0.0"), ""))
        .json().path("id").asText();
    ApiNode.Response badLimit = node.get("/api/v1/releases/" + id + "?limit=0");
    assertEquals(List.of("limit"), ServiceRoutesTest.fields(badLimit.json()));
    ApiNode.Response badState = node.get("/api/v1/releases/" + id + "?state=done");
    assertEquals(400, badState.status());
    assertTrue(badState.json().path("message").asText().contains("in-flight"), badState.toString());
  }

  private void assertInvalid(String body, String field) {
    ApiNode.Response response = node.post("/api/v1/releases", body);
    assertEquals(400, response.status(), body + " -> " + response);
    assertEquals(field, ServiceRoutesTest.fields(response.json()).get(0), body + " -> " + response);
  }

  /** Neither released nor releasing. */
  private void assertUntouched(String service) {
    JsonNode status = node.get("/api/v1/services/" + service).json();
    assertFalse(status.has("activeRelease"), status.toString());
    assertEquals(0, status.path("history").size(), status.toString());
  }

  private List<String> services(String prefix, int count, java.util.function.Function<String, String> spec) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = Specs.uniqueName(prefix);
      ApiNode.Response response = node.put("/api/v1/services/" + name, "application/yaml", spec.apply(name));
      assertEquals(201, response.status(), response.toString());
      names.add(name);
    }
    return names;
  }

  private static String items(List<String> services, String version) {
    return services.stream().map(service -> "{\"service\": \"" + service + "\", \"version\": \"" + version + "\"}")
        .collect(Collectors.joining(",\n"));
  }

  private static String body(String items, String more) {
    return "{\"items\": [" + items + "]" + (more.isEmpty() ? "" : ", " + more) + "}";
  }

  private JsonNode bulk(String id) {
    return bulk(id, "");
  }

  private JsonNode bulk(String id, String query) {
    ApiNode.Response response = node.get("/api/v1/releases/" + id + query);
    assertEquals(200, response.status(), response.toString());
    return response.json();
  }

  private JsonNode awaitFinished(String id) {
    assertNotNull(id);
    return Eventually.until(BULK_TIME, () -> bulk(id), bulk -> bulk.path("finished").asBoolean());
  }

  private static List<String> states(JsonNode bulk) {
    List<String> out = new ArrayList<>();
    bulk.path("items").forEach(item -> out.add(item.path("state").asText()));
    return out;
  }

  private static List<Integer> indexes(JsonNode page) {
    List<Integer> out = new ArrayList<>();
    page.path("items").forEach(item -> out.add(item.path("index").asInt()));
    return out;
  }

}
