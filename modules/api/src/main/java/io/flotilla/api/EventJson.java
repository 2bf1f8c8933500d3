package io.flotilla.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.endpoint.EndpointEvent;

/**
 * The JSON of one feed event: {@code id}, {@code service}, {@code account}, {@code region}, {@code type}, {@code at},
 * {@code by} (the principal who caused it: a caller's name, {@code flotilla} for the engine, {@code unknown} for
 * events journaled before principals were recorded), {@code sequenceNr} (within the service) and {@code data}, the
 * event's own fields apart from those already at the top.
 */
final class EventJson {
  private final ApiJson json;

  EventJson(ApiJson json) {
    this.json = json;
  }

  ObjectNode of(FeedEvent feedEvent) {
    EndpointEvent event = feedEvent.event();
    ObjectNode data = (ObjectNode) json.tree(event);
    data.remove("service");
    data.remove("at");
    data.remove("by");
    ObjectNode out = json.object();
    out.put("id", feedEvent.id());
    out.put("service", event.service());
    out.put("account", feedEvent.account());
    out.put("region", feedEvent.region());
    out.put("type", event.type());
    out.set("at", json.tree(event.at()));
    out.put("by", event.by() == null ? "unknown" : event.by());
    out.put("sequenceNr", feedEvent.sequenceNr());
    out.set("data", data);
    return out;
  }

  String text(FeedEvent feedEvent) {
    return json.text(of(feedEvent));
  }
}
