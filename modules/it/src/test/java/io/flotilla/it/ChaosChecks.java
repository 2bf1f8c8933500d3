package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos test's verdict on one service once it is idle: every acknowledged request is in its journal, each release
 * ended in the phase its request implies, the planned version serves, and no version was released or given an
 * environment twice. Failures are collected (not thrown), so one run reports every service that went wrong.
 */
final class ChaosChecks {
  private static final String REPLACED = "Replaced";
  private static final String PROMOTED_OR_REPLACED = "Promoted or Replaced";
  private final ApiClient api;
  private final List<ChaosClient.Sent> sent;
  private final List<String> failures = new ArrayList<>();

  ChaosChecks(ApiClient api, List<ChaosClient.Sent> sent) {
    this.api = api;
    this.sent = sent;
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  void check(String service, ChaosPlan plan, ChaosReport report) {
    JsonNode status = api.status(service);
    ApiClient.Response response = api.get("/api/v1/events?service=" + service + "&limit=1000");
    if (response.status() != 200) {
      failures.add(service + ": events " + response.status() + " " + response.text());
      return;
    }
    JsonNode events = response.body().path("events");
    Map<String, String> phases = new HashMap<>();
    status.path("history").forEach(release -> phases.put(release.path("id").asText(),
        release.path("phase").asText()));

    List<ChaosClient.Sent> mine = sent.stream().filter(request -> request.service().equals(service)).toList();
    List<ChaosClient.Sent> acknowledged = new ArrayList<>();
    for (ChaosClient.Sent request : mine) {
      if (request.acknowledged()) {
        report.acknowledged(request);
        acknowledged.add(request);
        if (request.releaseId() == null) {
          failures.add(service + ": " + request.key() + " acknowledged without a release id: " + request.answer());
        } else if (!inJournal(events, request)) {
          failures.add(service + ": acknowledged " + request.action() + " " + request.key() + " ("
              + request.releaseId() + ", " + request.outcome() + ") is not in the journal");
        }
      } else if (request.attempts() > 1 && request.status() == 409) {
        // an earlier attempt may have run the command: the refusal of the retry says nothing
        report.ambiguous(request);
      } else {
        failures.add(service + ": " + request.action() + " " + request.body() + " answered " + request.status()
            + " after " + request.attempts() + " attempts: " + request.answer());
      }
    }
    if (acknowledged.size() != mine.size()) {
      return;
    }

    Map<String, String> expected = expectedPhases(plan, acknowledged);
    expected.forEach((releaseId, phase) -> {
      String actual = phases.containsKey(releaseId) ? phases.get(releaseId)
          : replaced(events, releaseId) ? REPLACED : "nothing";
      boolean ok = phase.equals(PROMOTED_OR_REPLACED) ? actual.equals("Promoted") || actual.equals(REPLACED)
          : phase.equals(actual);
      if (!ok) {
        failures.add(service + ": release " + releaseId + " should end " + phase + ", ended " + actual);
      }
      report.ended(plan, actual);
    });
    String serving = servingVersion(status);
    if (!plan.finalVersion.equals(serving)) {
      failures.add(service + ": " + serving + " serves, expected " + plan.finalVersion);
    }
    Map<String, Integer> requested = new HashMap<>();
    Map<String, Integer> byRequest = new HashMap<>();
    Map<String, Integer> queued = new HashMap<>();
    Map<String, Integer> environments = new HashMap<>();
    for (JsonNode event : events) {
      String requestId = event.path("data").path("requestId").asText("");
      if (requestId.startsWith("key:")) {
        byRequest.merge(requestId, 1, Integer::sum);
      }
      switch (event.path("type").asText()) {
        case "ReleaseRequested" -> requested.merge(event.path("data").path("release").path("version").asText(), 1,
            Integer::sum);
        case "ReleaseQueued" -> queued.merge(event.path("data").path("queued").path("version").asText(), 1,
            Integer::sum);
        case "EnvironmentRequested" -> environments.merge(event.path("data").path("environment").path("version")
            .asText(), 1, Integer::sum);
        default -> {
          // other events say nothing about duplicates
        }
      }
    }
    requested.forEach((version, count) -> {
      if (count > 1 && !version.equals("1.0.0")) {
        failures.add(service + ": " + count + " releases of " + version);
      }
    });
    // a keyed request (Idempotency-Key) is recorded once, however often it was retried
    byRequest.forEach((requestId, count) -> {
      if (count > 1) {
        failures.add(service + ": request " + requestId + " recorded " + count + " times");
      }
    });
    for (ChaosClient.Sent request : acknowledged) {
      if (request.action().equals("releases") && !byRequest.containsKey("key:" + request.key() + "@"
          + request.body().replaceAll(".*\"version\": \"([^\"]+)\".*", "$1"))) {
        failures.add(service + ": the journal has no release or queue entry with the id of " + request.key());
      }
    }
    // each version is asked for once: queued twice means a retried request ran twice
    queued.forEach((version, count) -> {
      if (count > 1) {
        failures.add(service + ": " + version + " queued " + count + " times");
      }
    });
    environments.forEach((version, count) -> {
      if (count > 1) {
        failures.add(service + ": " + count + " environments decided for " + version);
      }
    });
  }

  /**
   * Release id to the phase it must end in, or {@link #REPLACED} when it must never run (replaced in the queue). What
   * a user action implies follows from its acknowledgement: a rollback naming the active release rolls that release
   * back; 3.1.0 answered {@code replaced-queued} means 3.0.0 never runs, while {@code queued} means 3.0.0 was already
   * active (the chaos slowed 2.0.0 down) and is promoted too.
   */
  private static Map<String, String> expectedPhases(ChaosPlan plan, List<ChaosClient.Sent> acknowledged) {
    Map<String, String> expected = new HashMap<>();
    String first = acknowledged.get(0).releaseId();
    switch (plan) {
      case GOOD -> expected.put(first, "Promoted");
      case ALARMED -> expected.put(first, "RolledBack");
      case BROKEN -> expected.put(first, "Failed");
      case UNDONE -> {
        ChaosClient.Sent rollback = acknowledged.get(1);
        expected.put(first, rollback.releaseId().equals(first) ? "RolledBack" : "Promoted");
      }
      case QUEUED -> {
        expected.put(first, "Promoted");
        expected.put(acknowledged.get(1).releaseId(), "Promoted");
      }
      case REPLACED -> {
        expected.put(first, "Promoted");
        // a retried 3.1.0 whose first attempt had landed is answered no-op: either may have happened then
        String outcome = acknowledged.get(2).outcome();
        expected.put(acknowledged.get(1).releaseId(), switch (outcome) {
          case "replaced-queued" -> REPLACED;
          case "queued" -> "Promoted";
          default -> PROMOTED_OR_REPLACED;
        });
        expected.put(acknowledged.get(2).releaseId(), "Promoted");
      }
    }
    return expected;
  }

  /** Whether the journal says a newer request replaced {@code releaseId} in the queue. */
  private static boolean replaced(JsonNode events, String releaseId) {
    for (JsonNode event : events) {
      if (event.path("type").asText().equals("QueuedReleaseReplaced")
          && releaseId.equals(event.path("data").path("replacedId").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the service's journal records the release or rollback this request made. */
  private static boolean inJournal(JsonNode events, ChaosClient.Sent request) {
    String releaseId = request.releaseId();
    for (JsonNode event : events) {
      JsonNode data = event.path("data");
      boolean found = switch (event.path("type").asText()) {
        case "ReleaseRequested" -> releaseId.equals(data.path("release").path("id").asText());
        case "ReleaseQueued" -> releaseId.equals(data.path("queued").path("id").asText());
        case "RollbackRequested", "ReleaseRolledBack" -> request.action().equals("rollback")
            && releaseId.equals(data.path("releaseId").asText());
        default -> false;
      };
      if (found) {
        return true;
      }
    }
    return false;
  }

  private static String servingVersion(JsonNode status) {
    for (JsonNode weight : status.path("desired")) {
      if (weight.path("weight").asInt() == 100) {
        return weight.path("version").asText();
      }
    }
    return "nothing (" + status.path("desired") + ")";
  }
}
