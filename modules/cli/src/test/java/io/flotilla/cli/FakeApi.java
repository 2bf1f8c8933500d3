package io.flotilla.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A stand-in for a Flotilla server in unit tests: answers {@code METHOD path} (query included) with canned JSON,
 * everything else 404 "no such resource" as the real API does, and records the requests it got.
 */
final class FakeApi implements AutoCloseable {
  /** A canned answer. */
  record Answer(int status, String body, Map<String, String> headers) {}

  /** A request as received: method, path with query, body and headers of interest. */
  record Request(String method, String path, String body, String idempotencyKey, String authorization) {}

  private final HttpServer server;
  private final Map<String, Supplier<Answer>> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(exchange.getRequestMethod(), path, body,
          exchange.getRequestHeaders().getFirst("Idempotency-Key"),
          exchange.getRequestHeaders().getFirst("Authorization")));
      Supplier<Answer> canned = answers.get(exchange.getRequestMethod() + " " + path);
      Answer answer = canned != null ? canned.get() : new Answer(404, "{\"error\":\"not_found\",\"message\":"
          + "\"no such resource: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
          + "\",\"details\":[]}", Map.of());
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeApi on(String request, int status, String body) {
    answers.put(request, () -> new Answer(status, body, Map.of()));
    return this;
  }

  FakeApi on(String request, Supplier<Answer> answer) {
    answers.put(request, answer);
    return this;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
