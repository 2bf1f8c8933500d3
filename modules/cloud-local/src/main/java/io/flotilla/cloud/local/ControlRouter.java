package io.flotilla.cloud.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.flotilla.cloud.CloudException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A small router for the control API: routes are a method and a path pattern ({@code {}} matches one segment),
 * actions answer asynchronously, and one place maps failures to HTTP errors with a {@code retryable} flag so that
 * the remote client can rebuild the same {@link CloudException}.
 */
final class ControlRouter implements HttpHandler {
  /** One request, with its decoded path parameters in order. */
  record Call(List<String> params, Map<String, String> query, byte[] body) {
    String param(int index) {
      return params.get(index);
    }

    <T> T body(Class<T> type) {
      try {
        return ControlJson.MAPPER.readValue(body, type);
      } catch (IOException e) {
        throw new IllegalArgumentException("invalid " + type.getSimpleName() + " body: " + e.getMessage(), e);
      }
    }
  }

  /** An answer: a status and a body to write as JSON (null for none). */
  record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }

    static Reply noContent() {
      return new Reply(204, null);
    }
  }

  interface Action {
    CompletionStage<Reply> apply(Call call);
  }

  private record Route(String method, String[] pattern, Action action) {}

  private final List<Route> routes = new ArrayList<>();

  ControlRouter add(String method, String pattern, Action action) {
    routes.add(new Route(method, pattern.substring(1).split("/"), action));
    return this;
  }

  /** A synchronous action (fault injection, counters): runs on the server's own thread. */
  ControlRouter addBlocking(String method, String pattern, java.util.function.Function<Call, Reply> action) {
    return add(method, pattern, call -> CompletableFuture.completedFuture(action.apply(call)));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String[] segments = exchange.getRequestURI().getRawPath().substring(1).split("/");
    boolean pathMatched = false;
    for (Route route : routes) {
      List<String> params = match(route.pattern(), segments);
      if (params == null) {
        continue;
      }
      pathMatched = true;
      if (route.method().equals(exchange.getRequestMethod())) {
        run(exchange, route.action(), new Call(params, query(exchange.getRequestURI().getRawQuery()), body));
        return;
      }
    }
    write(exchange, pathMatched ? 405 : 404, new ControlJson.ErrorBody(pathMatched ? "method-not-allowed" : "no-route",
        exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " is not part of the control API", false));
  }

  private void run(HttpExchange exchange, Action action, Call call) {
    CompletionStage<Reply> reply;
    try {
      reply = action.apply(call);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete((answer, failure) -> {
      if (failure == null) {
        write(exchange, answer.status(), answer.body());
      } else {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        ControlJson.ErrorBody error = errorOf(cause);
        write(exchange, statusOf(cause), error);
      }
    });
  }

  private static ControlJson.ErrorBody errorOf(Throwable failure) {
    if (failure instanceof CloudException cloud) {
      return new ControlJson.ErrorBody(cloud.retryable() ? "cloud-unavailable" : "cloud-rejected",
          cloud.getMessage(), cloud.retryable());
    }
    if (failure instanceof IllegalArgumentException) {
      return new ControlJson.ErrorBody("bad-request", failure.getMessage(), false);
    }
    return new ControlJson.ErrorBody("internal", String.valueOf(failure), true);
  }

  private static int statusOf(Throwable failure) {
    if (failure instanceof CloudException cloud) {
      return cloud.retryable() ? 503 : 409;
    }
    return failure instanceof IllegalArgumentException ? 400 : 500;
  }

  private static List<String> match(String[] pattern, String[] segments) {
    if (pattern.length != segments.length) {
      return null;
    }
    List<String> params = new ArrayList<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].equals("{}")) {
        params.add(ControlJson.decode(segments[i]));
      } else if (!pattern[i].equals(segments[i])) {
        return null;
      }
    }
    return params;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null && !raw.isEmpty()) {
      Arrays.stream(raw.split("&")).forEach(pair -> {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          out.put(ControlJson.decode(pair.substring(0, equals)), ControlJson.decode(pair.substring(equals + 1)));
        }
      });
    }
    return out;
  }

  private static void write(HttpExchange exchange, int status, Object body) {
    try (exchange) {
      if (body == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] json;
      try {
        json = ControlJson.MAPPER.writeValueAsBytes(body);
      } catch (JsonProcessingException e) {
        status = 500;
        json = ("{\"error\":\"internal\",\"message\":\"unserializable reply\",\"retryable\":false}").getBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, json.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(json);
      }
    } catch (IOException | RuntimeException clientGone) {
      // The client hung up: nothing left to answer.
    }
  }
}
