package io.flotilla.cloud.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A reverse proxy on its own loopback port. For each request it asks its router for an environment, round-robins over
 * that environment's healthy instances, forwards method, path, query, headers and body, and answers with the
 * instance's response; the {@link Recorder} learns the environment, status and latency of every forwarded request.
 * With nowhere to send a request it answers 503 (502 when the instance cannot be reached) with a JSON error, which
 * the recorder counts against no environment.
 */
final class TrafficProxy implements HttpHandler, AutoCloseable {
  /** Where forwarded and unroutable requests are counted. */
  interface Recorder {
    Recorder NONE = new Recorder() {
      @Override
      public void forwarded(String environmentId, long epochMillis, int status, double latencyMillis) {}

      @Override
      public void unrouted() {}
    };

    void forwarded(String environmentId, long epochMillis, int status, double latencyMillis);

    void unrouted();
  }

  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(30);
  /** Hop-by-hop headers, and those the JDK client or server set themselves. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "date", "expect", "host",
      "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

  private final CloudRuntime runtime;
  private final Supplier<String> router;
  private final Function<String, LocalEnvironment> environments;
  private final Recorder recorder;
  private final HttpServer server;

  TrafficProxy(CloudRuntime runtime, int port, Supplier<String> router,
      Function<String, LocalEnvironment> environments, Recorder recorder) {
    this.runtime = runtime;
    this.router = router;
    this.environments = environments;
    this.recorder = recorder;
    try {
      this.server = runtime.startServer(port, this);
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on port " + port, e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    long receivedAt = runtime.clock().millis();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String environmentId = router.get();
    if (environmentId == null) {
      reject(exchange, 503, "no-traffic", "no environment has weight on this endpoint");
      return;
    }
    LocalEnvironment environment = environments.apply(environmentId);
    DemoInstance instance = environment == null ? null : environment.nextRoutable();
    if (instance == null) {
      // the load balancer chose this environment and it failed the request: a 5xx of the environment
      recorder.forwarded(environmentId, receivedAt, 503, (System.nanoTime() - started) / 1e6);
      respond(exchange, 503, "no-healthy-instance", "environment " + environmentId + " has no healthy instance");
      return;
    }
    HttpRequest request;
    try {
      request = forwardOf(exchange, instance.uri(), body);
    } catch (IllegalArgumentException e) {
      reject(exchange, 400, "bad-request", e.getMessage());
      return;
    }
    runtime.http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
      if (failure != null) {
        // unreachable or timed out: counted against the environment, with the time the client waited
        recorder.forwarded(environmentId, receivedAt, 502, (System.nanoTime() - started) / 1e6);
        respond(exchange, 502, "upstream-unreachable", "instance " + instance.uri() + " did not answer");
        return;
      }
      recorder.forwarded(environmentId, receivedAt, response.statusCode(), (System.nanoTime() - started) / 1e6);
      relay(exchange, response);
    });
  }

  private static HttpRequest forwardOf(HttpExchange exchange, URI instance, byte[] body) {
    URI original = exchange.getRequestURI();
    String target = instance + original.getRawPath() + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target))
        .timeout(UPSTREAM_TIMEOUT)
        .method(exchange.getRequestMethod(),
            body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        header.getValue().forEach(value -> builder.header(header.getKey(), value));
      }
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host != null) {
      builder.header("X-Forwarded-Host", host);
    }
    builder.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
    return builder.build();
  }

  private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) {
    try (exchange) {
      Headers headers = exchange.getResponseHeaders();
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          headers.put(name, values);
        }
      });
      byte[] body = response.body();
      int status = response.statusCode();
      boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod()) || status == 204 || status == 304;
      exchange.sendResponseHeaders(status, empty ? -1 : body.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException | RuntimeException clientGone) {
      // The client hung up: nothing left to answer.
    }
  }

  /** A request no environment could take (no weights, or a malformed request): counted for the endpoint only. */
  private void reject(HttpExchange exchange, int status, String code, String message) {
    recorder.unrouted();
    respond(exchange, status, code, message);
  }

  private static void respond(HttpExchange exchange, int status, String code, String message) {
    byte[] body = ("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\\", "/").replace("\"", "'") + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException | RuntimeException clientGone) {
      // The client hung up: nothing left to answer.
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
