package io.flotilla.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;

/**
 * A live event feed ({@code GET /api/v1/events} as Server-Sent Events) read on its own daemon thread into a queue.
 * When the connection drops it reconnects with {@code Last-Event-ID}, so no event is lost or repeated; when the
 * server cannot stream at all (the route is missing, or it refuses the request) it says so once and stops, and the
 * caller polls instead.
 */
final class EventStream implements AutoCloseable {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** What the reader thread reports. */
  sealed interface Signal permits Event, Broken, Unsupported {}

  /** One message from the feed. */
  record Event(SseParser.Message message) implements Signal {}

  /** The connection failed or ended; the reader is reconnecting. */
  record Broken(String why) implements Signal {}

  /** The server cannot stream these events; the reader has stopped. */
  record Unsupported(String why) implements Signal {}

  private final ApiClient api;
  private final String path;
  private final BlockingQueue<Signal> sink;
  private final Thread thread;
  private volatile boolean closed;
  private volatile InputStream current;

  private EventStream(ApiClient api, String path, Optional<String> resumeAfter, BlockingQueue<Signal> sink) {
    this.api = api;
    this.path = path;
    this.sink = sink;
    this.thread = new Thread(() -> read(resumeAfter), "flotilla-events");
    this.thread.setDaemon(true);
  }

  /** Starts reading {@code path} (with its query), after {@code resumeAfter} when given. */
  static EventStream start(ApiClient api, String path, Optional<String> resumeAfter, BlockingQueue<Signal> sink) {
    EventStream stream = new EventStream(api, path, resumeAfter, sink);
    stream.thread.start();
    return stream;
  }

  private void read(Optional<String> resumeAfter) {
    SseParser parser = new SseParser(message -> sink.add(new Event(message)));
    Optional<String> lastId = resumeAfter;
    Duration backoff = Duration.ofMillis(500);
    while (!closed) {
      parser.reset();
      try (InputStream in = api.openEventStream(path, lastId)) {
        current = in;
        backoff = Duration.ofMillis(500);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null && !closed; line = reader.readLine()) {
          parser.line(line);
        }
        if (!closed) {
          sink.add(new Broken("the server ended the event stream"));
        }
      } catch (ApiFailure failure) {
        if (failure.status() / 100 == 4) {
          sink.add(new Unsupported(failure.getMessage()));
          return;
        }
        sink.add(new Broken(failure.getMessage()));
      } catch (CliException | IOException failure) {
        if (closed) {
          return;
        }
        sink.add(new Broken(failure.getMessage()));
      }
      lastId = parser.lastId().or(() -> resumeAfter);
      sleep(backoff);
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing a stream that is going away anyway
      }
    }
    thread.interrupt();
  }
}
