package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiNodeExtension.class)
class EventRoutesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final ApiNode node;

  EventRoutesTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void aServicesEventsComeAsAJsonPageInOrder() {
    String name = releasedService("page");
    JsonNode page = node.get("/api/v1/events?service=" + name).json();
    JsonNode events = page.path("events");
    List<String> types = types(events);
    assertEquals("SpecChanged", types.get(0));
    assertTrue(types.indexOf("ReleaseRequested") < types.indexOf("ReleasePromoted"), types.toString());
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.path(i);
      assertEquals(i + 1, event.path("sequenceNr").asLong());
      assertEquals(Long.toString(i + 1), event.path("id").asText());
      assertEquals(name, event.path("service").asText());
      Instant.parse(event.path("at").asText());
      assertFalse(event.path("data").has("service"));
      assertFalse(event.path("data").has("at"));
      assertFalse(event.path("data").has("by"));
      // the caller's requests are recorded under its token's name (TestNodeConfig: test-admin), the rest as the engine's
      boolean requested = List.of("SpecChanged", "ReleaseRequested").contains(event.path("type").asText());
      assertEquals(requested ? "test-admin" : "flotilla", event.path("by").asText(), event.toString());
    }
    JsonNode specChanged = events.path(0).path("data");
    assertEquals(1, specChanged.path("revision").asInt());
    assertEquals(name, specChanged.path("spec").path("name").asText());
    assertEquals(Integer.toString(events.size()), page.path("next").asText());
  }

  @Test
  void pagesFollowTheCursor() {
    String name = releasedService("cursor");
    JsonNode first = node.get("/api/v1/events?service=" + name + "&limit=2").json();
    assertEquals(2, first.path("events").size());
    assertEquals("2", first.path("next").asText());
    JsonNode second = node.get("/api/v1/events?service=" + name + "&limit=2&cursor=2").json();
    assertEquals(3, second.path("events").path(0).path("sequenceNr").asLong());
    JsonNode future = node.get("/api/v1/events?service=" + name + "&since=2999-01-01T00:00:00Z").json();
    assertEquals(0, future.path("events").size());
  }

  @Test
  void theFleetPageHasEveryServicesEventsWithOffsetIds() {
    Instant start = Instant.now().minusSeconds(1);
    String name = Specs.uniqueName("fleet-page");
    node.put("/api/v1/services/" + name, "application/yaml", Specs.yaml(name));
    JsonNode event = Eventually.until(WAIT, () -> ofService(node.get("/api/v1/events?since=" + start + "&limit=1000")
        .json().path("events"), name), found -> found != null);
    assertEquals("SpecChanged", event.path("type").asText());
    assertEquals(1, UUID.fromString(event.path("id").asText()).version());
    JsonNode after = node.get("/api/v1/events?cursor=" + event.path("id").asText() + "&limit=1000").json();
    assertEquals(null, ofService(after.path("events"), name), "the cursor's own event is not repeated");
  }

  @Test
  void aServiceStreamDeliversLiveEventsAndResumesAfterLastEventId() throws Exception {
    String name = Specs.uniqueName("sse");
    SseStream.Message specChanged;
    try (SseStream stream = SseStream.open(node, "/api/v1/events?service=" + name)) {
      assertEquals(200, stream.status);
      assertTrue(stream.contentType.startsWith("text/event-stream"), stream.contentType);
      node.put("/api/v1/services/" + name, "application/yaml", Specs.yaml(name));
      node.post("/api/v1/services/" + name + "/releases", "{\"version\": \"1.0.0\"}");
      specChanged = stream.next(WAIT);
      assertEquals("SpecChanged", specChanged.event());
      assertEquals("1", specChanged.id());
      JsonNode data = ApiNode.JSON.readTree(specChanged.data());
      assertEquals("SpecChanged", data.path("type").asText());
      assertEquals(name, data.path("service").asText());
      SseStream.Message requested = stream.next(WAIT);
      assertEquals("ReleaseRequested", requested.event());
      assertEquals("2", requested.id());
    }
    try (SseStream resumed = SseStream.open(node, "/api/v1/events?service=" + name, "Last-Event-ID",
        specChanged.id())) {
      SseStream.Message next = resumed.next(WAIT);
      assertEquals("2", next.id());
      assertEquals("ReleaseRequested", next.event());
    }
  }

  @Test
  void theFleetStreamDeliversEveryServiceAndResumesAfterLastEventId() throws Exception {
    String name = Specs.uniqueName("fleet-sse");
    SseStream.Message first;
    try (SseStream stream = SseStream.open(node, "/api/v1/events")) {
      node.put("/api/v1/services/" + name, "application/yaml", Specs.yaml(name));
      first = stream.nextMatching("SpecChanged", "\"service\":\"" + name + "\"", WAIT);
      assertEquals(1, UUID.fromString(first.id()).version());
    }
    node.put("/api/v1/services/" + name, "application/yaml",
        Specs.yaml(name, "team: billing", "steps: [{weight: 100}]"));
    try (SseStream resumed = SseStream.open(node, "/api/v1/events", "Last-Event-ID", first.id())) {
      SseStream.Message next = resumed.nextMatching("SpecChanged", "\"service\":\"" + name + "\"", WAIT);
      assertEquals(2, ApiNode.JSON.readTree(next.data()).path("data").path("revision").asInt(), next.data());
    }
  }

  @Test
  void badParametersAreRefused() {
    assertInvalid("/api/v1/events?since=yesterday", "since");
    assertInvalid("/api/v1/events?service=checkout&cursor=abc", "cursor");
    assertInvalid("/api/v1/events?cursor=not-a-uuid", "cursor");
    assertInvalid("/api/v1/events?limit=0", "limit");
    assertInvalid("/api/v1/events?service=Not_A_Name", "service");
  }

  private void assertInvalid(String path, String field) {
    ApiNode.Response response = node.get(path);
    assertEquals(400, response.status(), path + ": " + response);
    assertEquals(List.of(field), ServiceRoutesTest.fields(response.json()), response.toString());
  }

  /** A service with spec revision 1 and release 1.0.0 promoted. */
  private String releasedService(String prefix) {
    String name = Specs.uniqueName(prefix);
    node.put("/api/v1/services/" + name, "application/yaml", Specs.yaml(name));
    node.post("/api/v1/services/" + name + "/releases", "{\"version\": \"1.0.0\"}");
    Eventually.until(WAIT, () -> types(node.get("/api/v1/events?service=" + name).json().path("events")),
        types -> types.contains("ReleasePromoted"));
    return name;
  }

  private static JsonNode ofService(JsonNode events, String service) {
    for (JsonNode event : events) {
      if (event.path("service").asText().equals(service)) {
        return event;
      }
    }
    return null;
  }

  private static List<String> types(JsonNode events) {
    List<String> types = new ArrayList<>();
    events.forEach(event -> types.add(event.path("type").asText()));
    return types;
  }
}
