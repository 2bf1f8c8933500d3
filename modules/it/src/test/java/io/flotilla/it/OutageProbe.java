package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Sends mutating calls (PUT spec, release, rollback, pause) and reads (service list, status, readiness, revisions,
 * events) in a loop
 * from just before Cassandra stops until {@link #finish}, records every answer, judges them and checks afterwards
 * that every mutation answered 2xx is in the journal. Times are in ms after the stop returned (negative: before).
 */
final class OutageProbe {
  /**
   * Until this long after the stop returned, the node may not have noticed that Cassandra is gone: a read may still
   * answer undegraded, a mutation 2xx (persisted before the stop; checked in the journal).
   */
  private static final long NOTICE_MILLIS = 3_000;

  private final ApiClient api;
  private final List<String> services;
  private final List<Answer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile long stoppedAt = Long.MAX_VALUE;
  private volatile boolean finished;

  /** One answer: when it was sent ({@link System#nanoTime()}), what, to which service, status, how long it took. */
  record Answer(long sent, String kind, String service, int status, long millis, boolean degraded,
      String retryAfter, String argument, JsonNode body) {
    boolean mutation() {
      return List.of("put", "release", "rollback", "pause").contains(kind);
    }

    boolean acknowledged() {
      return status / 100 == 2;
    }
  }

  OutageProbe(ApiClient api, List<String> services) {
    this.api = api;
    this.services = List.copyOf(services);
  }

  /** Cassandra's stop has returned: it is down from now. */
  void cassandraStopped() {
    stoppedAt = System.nanoTime();
  }

  void finish() {
    finished = true;
  }

  /** Sends calls round after round until {@link #finish}. */
  void run() {
    int round = 0;
    while (!finished) {
      int n = services.size();
      String spec = services.get(round % n);
      String team = "outage-team-" + round;
      send("put", spec, team, () -> api.putYaml("/api/v1/services/" + spec,
          CassandraOutageTest.spec(spec, "[{weight: 50, hold: 2s}, {weight: 100}]", team)));
      String released = services.get((round + 1) % n);
      String version = "3.0." + round;
      send("release", released, version, () -> api.release(released, version));
      String rolledBack = services.get((round + 2) % n);
      String reason = "outage-test-" + round;
      send("rollback", rolledBack, reason, () -> api.post("/api/v1/services/" + rolledBack + "/rollback",
          "{\"reason\": \"" + reason + "\"}"));
      String paused = services.get((round + 3) % n);
      send("pause", paused, "", () -> api.post("/api/v1/services/" + paused + "/pause", ""));
      send("list", "*", "", () -> api.get("/api/v1/services"));
      String read = services.get(round % n);
      send("status", read, "", () -> api.get("/api/v1/services/" + read));
      send("readyz", "*", "", () -> api.get("/readyz"));
      // these read the journal: 503 while it is gone
      send("revisions", read, "", () -> api.get("/api/v1/services/" + read + "/revisions"));
      send("events", read, "", () -> api.get("/api/v1/events?service=" + read + "&limit=10"));
      round++;
      Eventually.sleep(300);
    }
  }

  private void send(String kind, String service, String argument,
      java.util.function.Supplier<ApiClient.Response> call) {
    long sent = System.nanoTime();
    ApiClient.Response response;
    try {
      response = call.get();
    } catch (AssertionError e) {
      answers.add(new Answer(sent, kind, service, -1, (System.nanoTime() - sent) / 1_000_000,
          false, null, argument, null));
      return;
    }
    boolean degraded = response.body() != null && response.body().has("degraded")
        || response.header("Flotilla-Degraded") != null;
    answers.add(new Answer(sent, kind, service, response.status(),
        (System.nanoTime() - sent) / 1_000_000, degraded, response.header("Retry-After"), argument,
        response.body()));
  }


  /** When {@code answer} was sent, in ms after Cassandra's stop returned (negative: before). */
  private long at(Answer answer) {
    return (answer.sent() - stoppedAt) / 1_000_000;
  }

  /** Answers that break the rules, one line each. */
  List<String> violations(long promptMillis) {
    List<String> out = new ArrayList<>();
    for (Answer answer : List.copyOf(answers)) {
      String problem = problem(answer, at(answer) < NOTICE_MILLIS, promptMillis);
      if (problem != null) {
        out.add(answer.kind() + " " + answer.service() + " at " + at(answer) + " ms: " + problem + " (status "
            + answer.status() + ", " + answer.millis() + " ms, body " + answer.body() + ")");
      }
    }
    return out;
  }

  /**
   * What is wrong with one answer, if anything. {@code early}: sent before the stop returned or just after, when the
   * node may not know yet: a read may answer undegraded, a mutation 2xx (it is checked in the journal) or slowly.
   */
  private static String problem(Answer answer, boolean early, long promptMillis) {
    if (answer.status() == -1) {
      return "no HTTP answer";
    }
    if (answer.status() == 503) {
      if (answer.mutation() && !early && answer.millis() > promptMillis) {
        return "503 only after " + answer.millis() + " ms";
      }
      if (answer.body() == null || !answer.body().has("error")) {
        return "503 without a JSON error";
      }
      if (answer.mutation() && answer.retryAfter() == null) {
        return "503 without Retry-After";
      }
      if (answer.kind().equals("readyz") && !answer.body().toString().contains("cassandra")) {
        return "readiness does not name cassandra";
      }
      return null;
    }
    if (answer.mutation()) {
      if (answer.acknowledged()) {
        return early ? null : "acknowledged while Cassandra was down";
      }
      // refused by the entity without changing anything
      return answer.status() == 409 ? null : "a mutation answered " + answer.status();
    }
    if (answer.status() != 200) {
      return "a read answered " + answer.status();
    }
    if (early) {
      return null;
    }
    if (answer.kind().equals("readyz")) {
      return "ready while Cassandra is down";
    }
    return answer.degraded() ? null : "answered 200 without saying it is degraded";
  }

  /** Prints a summary per kind of call (statuses, slowest answer) and every acknowledged mutation. */
  void print() {
    List<Answer> all = List.copyOf(answers);
    Map<String, List<Answer>> byKind = all.stream().collect(Collectors.groupingBy(Answer::kind, TreeMap::new,
        Collectors.toList()));
    System.out.printf("%d calls, %d before the stop returned, %d after:%n", all.size(),
        all.stream().filter(answer -> at(answer) < 0).count(), all.stream().filter(answer -> at(answer) >= 0).count());
    byKind.forEach((kind, list) -> System.out.printf("  %-8s %3d calls, statuses %s, degraded %d, slowest %d ms, "
            + "median %d ms; after the stop: statuses %s%n", kind, list.size(),
        list.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting())),
        list.stream().filter(Answer::degraded).count(),
        list.stream().mapToLong(Answer::millis).max().orElse(0),
        list.stream().mapToLong(Answer::millis).sorted().skip(list.size() / 2).findFirst().orElse(0),
        list.stream().filter(answer -> at(answer) >= 0)
            .collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()))));
    all.stream().filter(answer -> answer.body() != null
        && answer.body().path("message").asText().contains("may or may not have been made")).forEach(answer ->
            System.out.printf("  not confirmed: %s %s %s at %d ms after %d ms (503)%n", answer.kind(),
                answer.service(), answer.argument(), at(answer), answer.millis()));
    all.stream().filter(answer -> answer.mutation() && answer.acknowledged()).forEach(answer ->
        System.out.printf("  acknowledged: %s %s %s at %d ms: %s%n", answer.kind(), answer.service(),
            answer.argument(), at(answer), answer.body()));
    all.stream().filter(answer -> answer.mutation() && answer.status() == 503).reduce((a, b) -> b)
        .ifPresent(answer -> System.out.printf("  e.g. %s %s -> 503 Retry-After %s %s%n", answer.kind(),
            answer.service(), answer.retryAfter(), answer.body()));
    all.stream().filter(answer -> answer.kind().equals("status") && answer.status() == 200).reduce((a, b) -> b)
        .ifPresent(answer -> System.out.printf("  e.g. status %s -> 200 degraded=%s%n", answer.service(),
            answer.body().path("degraded")));
  }

  boolean rolledBack(String service) {
    return answers.stream().anyMatch(answer -> answer.kind().equals("rollback") && answer.service().equals(service)
        && answer.acknowledged());
  }

  boolean releasedDuringOutage(String service) {
    return answers.stream().anyMatch(answer -> answer.kind().equals("release") && answer.service().equals(service)
        && answer.acknowledged());
  }

  /** Every mutation answered 2xx that the service's journal does not show. */
  List<String> acknowledgedButNotPersisted(ApiClient api) {
    List<String> lost = new ArrayList<>();
    for (Answer answer : List.copyOf(answers)) {
      if (!answer.mutation() || !answer.acknowledged()) {
        continue;
      }
      String events = api.get("/api/v1/events?service=" + answer.service() + "&limit=1000").text();
      boolean found = switch (answer.kind()) {
        case "put" -> api.get("/api/v1/services/" + answer.service() + "/revisions").text()
            .contains("\"team\":\"" + answer.argument() + "\"");
        case "release" -> events.contains("\"" + answer.argument() + "\"");
        case "rollback" -> events.contains(answer.argument());
        case "pause" -> events.contains("\"ReleasePaused\"")
            || "no-op".equals(answer.body().path("outcome").asText());
        default -> true;
      };
      if (!found) {
        lost.add(answer.kind() + " " + answer.service() + " " + answer.argument() + " -> " + answer.body());
      }
    }
    return lost;
  }
}
