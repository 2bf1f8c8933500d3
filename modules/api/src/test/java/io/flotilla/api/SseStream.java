package io.flotilla.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a server-sent event stream over real HTTP, line by line on its own thread, and hands out whole messages.
 * Heartbeats (messages without an event name) are skipped.
 */
final class SseStream implements AutoCloseable {
  private final InputStream body;
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  final int status;
  final String contentType;

  /** One SSE message. */
  record Message(String id, String event, String data) {}

  private SseStream(HttpResponse<InputStream> response) {
    this.body = response.body();
    this.status = response.statusCode();
    this.contentType = response.headers().firstValue("Content-Type").orElse("");
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static SseStream open(ApiNode node, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.base.resolve(path)).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + io.flotilla.testkit.TestNodeConfig.ADMIN_TOKEN);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return new SseStream(node.client().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  /** The next message, waiting at most {@code within}. */
  Message next(Duration within) throws InterruptedException {
    Message message = messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no SSE message within " + within);
    }
    return message;
  }

  /** The next message of {@code event} type whose data contains {@code text}, skipping others. */
  Message nextMatching(String event, String text, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Message message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (message.event().equals(event) && message.data().contains(text)) {
        return message;
      }
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (event != null) {
            messages.add(new Message(id, event, data.toString()));
          }
          id = null;
          event = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = value(line);
        } else if (line.startsWith("event:")) {
          event = value(line);
        } else if (line.startsWith("data:")) {
          data.append(data.length() == 0 ? "" : "\n").append(value(line));
        }
      }
    } catch (IOException closed) {
      // the test closed the stream
    }
  }

  private static String value(String line) {
    String value = line.substring(line.indexOf(':') + 1);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
