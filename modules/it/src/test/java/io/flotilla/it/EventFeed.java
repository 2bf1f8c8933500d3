package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A service's event types, read from the API's JSON event feed. */
final class EventFeed {
  private EventFeed() {}

  static List<String> types(TestFlotilla flotilla, String service) {
    JsonNode page = flotilla.api.get("/api/v1/events?service=" + service + "&limit=1000").body();
    List<String> types = new ArrayList<>();
    page.path("events").forEach(event -> types.add(event.path("type").asText()));
    return types;
  }
}
