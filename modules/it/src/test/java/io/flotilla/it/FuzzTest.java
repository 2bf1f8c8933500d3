package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Done-when (e) of issue 6: thousands of malformed requests against a real node, generated from a printed seed
 * ({@code -Dflotilla.fuzz.seed=...} repeats a run, {@code -Dflotilla.fuzz.requests=...} sets how many), get only
 * 4xx in the API's JSON error shape; afterwards the node is ready, still releases end to end, and nothing it holds
 * has changed. Accepted statuses are {@link #ACCEPTED}: 409 is what an action on an idle service answers, 401/403
 * what requests without a valid token will get once authentication is in place, 417 an unknown {@code Expect}. A
 * body over the limit is answered 413 and the connection closed while the client may still be sending (documented
 * in docs/api.md); the answer must still arrive.
 */
class FuzzTest {
  static final Set<Integer> ACCEPTED = Set.of(400, 401, 403, 404, 405, 406, 409, 411, 413, 414, 415, 417, 422, 431);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = """
      name: %s
      image: demo/fuzz
      runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
      rollout: {steps: [{weight: 100}]}
      """;

  private static TestFlotilla flotilla;
  private static RawHttp raw;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("fuzz");
    for (String service : FuzzRequests.SEEDED) {
      flotilla.register(SPEC.formatted(service));
    }
    assertEquals(202, flotilla.api.release("fuzz-a", "1.0.0").status());
    flotilla.awaitIdle("fuzz-a", Duration.ofSeconds(60));
    URI base = URI.create(flotilla.node.apiUrl());
    raw = new RawHttp(base.getHost(), base.getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  @Test
  void malformedRequestsGetOnly4xxAndChangeNothing() {
    long seed = Long.getLong("flotilla.fuzz.seed", 6_2026_1122L);
    int count = Integer.getInteger("flotilla.fuzz.requests", 4000);
    System.out.printf("FuzzTest: seed %d (-Dflotilla.fuzz.seed=%d repeats this run), %d requests%n", seed, seed, count);
    for (String service : FuzzRequests.SEEDED) {
      // the fuzzer relies on actions on an idle service being refused
      assertEquals(409, flotilla.api.post("/api/v1/services/" + service + "/rollback", "{}").status());
    }
    Map<String, JsonNode> before = snapshot();

    FuzzRequests generator = new FuzzRequests(seed);
    List<FuzzRequests.Fuzz> requests = new ArrayList<>(generator.hugeBodies());
    while (requests.size() < count) {
      requests.add(generator.next());
    }
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byCategory = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < requests.size(); i++) {
      FuzzRequests.Fuzz fuzz = requests.get(i);
      RawHttp.Answer answer = raw.exchange(fuzz.request());
      byStatus.merge(answer.status(), 1, Integer::sum);
      byCategory.merge(fuzz.category(), 1, Integer::sum);
      if (fuzz.variant().endsWith("+bad-auth")) {
        byCategory.merge("(of these without a valid Authorization header)", 1, Integer::sum);
      }
      String problem = problem(fuzz, answer);
      if (problem != null && failures.size() < 20) {
        failures.add("#" + i + " (seed " + seed + ") " + problem + "\n    request: " + describe(fuzz)
            + "\n    answer: " + shorten(answer.head() + " " + answer.body(), 400));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("FuzzTest: %d requests in %.1f s%n  by status: %s%n  by category: %s%n", requests.size(),
        seconds, byStatus, byCategory);
    assertTrue(failures.isEmpty(), failures.size() + " requests were answered wrongly (first 20):\n"
        + String.join("\n", failures));

    assertEquals(200, flotilla.api.get("/readyz").status(), "ready after the fuzzing");
    Map<String, JsonNode> after = snapshot();
    for (String key : before.keySet()) {
      assertEquals(before.get(key), after.get(key), "changed by the fuzzing: " + key);
    }
    for (String ghost : FuzzRequests.GHOSTS) {
      assertEquals(404, flotilla.api.get("/api/v1/services/" + ghost).status(), ghost + " was created");
    }
    assertEquals(202, flotilla.api.release("fuzz-a", "2.0.0").status(), "still serves a release");
    JsonNode status = flotilla.awaitIdle("fuzz-a", Duration.ofSeconds(60));
    assertEquals("Promoted", TestFlotilla.lastOutcome(status), status.toString());
  }

  /** What is wrong with the answer, or {@code null}. */
  private static String problem(FuzzRequests.Fuzz fuzz, RawHttp.Answer answer) {
    if (answer.failure() != null) {
      return "no proper answer: " + answer.failure();
    }
    if (!ACCEPTED.contains(answer.status())) {
      return "status " + answer.status();
    }
    if (fuzz.request().method().equals("HEAD")) {
      return null;
    }
    try {
      JsonNode body = JSON.readTree(answer.body());
      if (body == null || !body.path("error").isTextual() || !body.path("message").isTextual()) {
        return "not the JSON error shape";
      }
    } catch (Exception e) {
      return "not JSON: " + e.getMessage();
    }
    return null;
  }

  /**
   * What the node holds about the seeded services, accounts and the fleet: their specs, revisions, releases, the
   * journal's events (counted and compared) and the account registry.
   */
  private static Map<String, JsonNode> snapshot() {
    Map<String, JsonNode> state = new LinkedHashMap<>();
    for (String service : FuzzRequests.SEEDED) {
      JsonNode status = flotilla.api.status(service);
      for (String field : List.of("spec", "revision", "history", "activeRelease", "queued", "desired")) {
        state.put(service + "." + field, status.path(field));
      }
      state.put(service + ".revisions", flotilla.api.get("/api/v1/services/" + service + "/revisions").body());
      JsonNode events = flotilla.api.get("/api/v1/events?service=" + service + "&limit=1000").body().path("events");
      state.put(service + ".eventCount", JSON.getNodeFactory().numberNode(events.size()));
      state.put(service + ".events", events);
    }
    state.put("accounts", flotilla.api.get("/api/v1/accounts").body());
    return state;
  }

  private static String describe(FuzzRequests.Fuzz fuzz) {
    RawHttp.Request request = fuzz.request();
    String body = new String(request.body(), StandardCharsets.UTF_8);
    return fuzz.category() + "/" + fuzz.variant() + ": " + shorten(request.method(), 40) + " "
        + shorten(request.target(), 200) + " " + request.headers().stream().map(h -> shorten(h, 80)).toList()
        + " body " + request.body().length + " bytes" + (request.streamed() > 0 ? " + " + request.streamed()
        + " streamed" : "") + ": " + shorten(body, 300);
  }

  private static String shorten(String text, int max) {
    String escaped = text.replace("\r", "\\r").replace("\n", "\\n");
    return escaped.length() <= max ? escaped : escaped.substring(0, max) + "...(" + text.length() + ")";
  }
}
