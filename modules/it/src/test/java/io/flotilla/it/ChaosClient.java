package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client as a careful user's script would be while nodes die: each request goes to one of the live nodes, and a
 * connection error or a 5xx is retried (on the next live node) with the same {@code Idempotency-Key}. Every request
 * is remembered with its final answer, so a test can check that what was acknowledged happened.
 */
final class ChaosClient {
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

  private final Supplier<List<String>> nodes;
  private final AtomicInteger turn = new AtomicInteger();
  private final AtomicInteger keys = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Map<String, ApiClient> clients = new ConcurrentHashMap<>();

  /**
   * One request and its last answer. {@code attempts} above one means it was retried: an earlier attempt may have
   * reached the entity, so a final 409 is ambiguous (it may be the answer to a command that already ran).
   */
  record Sent(String key, String service, String action, String body, Instant at, int attempts, int status,
      JsonNode answer) {
    boolean acknowledged() {
      return status >= 200 && status < 300;
    }

    String outcome() {
      return answer == null ? null : answer.path("outcome").asText(null);
    }

    String releaseId() {
      return answer == null ? null : answer.path("releaseId").asText(null);
    }
  }

  ChaosClient(Supplier<List<String>> nodes) {
    this.nodes = nodes;
  }

  /** {@code POST /api/v1/services/{service}/{action}} with a fresh key, retried until it gets a non-5xx answer. */
  Sent post(String service, String action, String body) {
    String key = "chaos-" + service + "-" + keys.incrementAndGet();
    Instant at = Instant.now();
    Instant deadline = at.plus(GIVE_UP_AFTER);
    int attempts = 0;
    while (true) {
      attempts++;
      ApiClient.Response response = attempt(api -> api.post("/api/v1/services/" + service + "/" + action, body, key));
      if (response != null && response.status() < 500) {
        Sent result = new Sent(key, service, action, body, at, attempts, response.status(), response.body());
        sent.add(result);
        return result;
      }
      if (Instant.now().isAfter(deadline)) {
        Sent result = new Sent(key, service, action, body, at, attempts, response == null ? -1 : response.status(),
            response == null ? null : response.body());
        sent.add(result);
        return result;
      }
      retries.incrementAndGet();
      Eventually.sleep(300);
    }
  }

  /** The service's status from any live node, retried through node deaths. */
  JsonNode status(String service) {
    return Eventually.value(GIVE_UP_AFTER, () -> {
      ApiClient.Response response = attempt(api -> api.get("/api/v1/services/" + service));
      return response != null && response.status() == 200 ? response.body() : null;
    }, "the status of " + service);
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  int retries() {
    return retries.get();
  }

  /** One call on the next live node; null when it could not connect or the connection broke. */
  private ApiClient.Response attempt(Function<ApiClient, ApiClient.Response> call) {
    List<String> live = nodes.get();
    if (live.isEmpty()) {
      return null;
    }
    ApiClient api = clients.computeIfAbsent(live.get(Math.floorMod(turn.getAndIncrement(), live.size())),
        ApiClient::new);
    try {
      return call.apply(api);
    } catch (AssertionError failed) {
      if (failed.getCause() instanceof IOException) {
        return null;
      }
      throw failed;
    }
  }
}
