package io.flotilla.cli;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a Server-Sent Events stream line by line (the WHATWG event-stream format): {@code id:}, {@code event:} and
 * {@code data:} fields, comments ({@code :...}) ignored, a blank line ends a message. Messages without data
 * (heartbeats) are not passed on.
 */
final class SseParser {
  /** One message: the event id (the resume point), its type, and its data. */
  record Message(String id, String type, String data) {}

  private final Consumer<Message> sink;
  private final StringBuilder data = new StringBuilder();
  private String type = "";
  // the id field of the message being read; it becomes the resume point only once the message is complete
  private String pendingId;
  private String id;
  private boolean hasData;

  SseParser(Consumer<Message> sink) {
    this.sink = sink;
  }

  /** The id of the last message seen, to resume from. */
  Optional<String> lastId() {
    return Optional.ofNullable(id).filter(value -> !value.isEmpty());
  }

  void line(String line) {
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> type = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          pendingId = value;
        }
      }
      default -> {
        // "retry" and unknown fields: the CLI reconnects on its own schedule
      }
    }
  }

  /** Drops a message cut off by a lost connection; the resume point stays at the last complete one. */
  void reset() {
    data.setLength(0);
    type = "";
    hasData = false;
    pendingId = id;
  }

  private void dispatch() {
    id = pendingId;
    String text = data.toString();
    if (hasData && !text.isBlank()) {
      sink.accept(new Message(id, type.isEmpty() ? "message" : type, text));
    }
    data.setLength(0);
    type = "";
    hasData = false;
  }
}
