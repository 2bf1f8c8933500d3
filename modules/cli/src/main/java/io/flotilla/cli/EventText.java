package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One line per feed event ({@code {id, service, type, at, data}}), for people: {@code 12:00:04  StepHeld
 * rel-2: step 1/3: 10% to 2.0.0, holding until 12:00:34}. It remembers which version each environment runs and how
 * many steps each release has and which version it releases, from earlier events and from the service's status, to name them in later lines.
 */
final class EventText {
  private static final int TYPE_WIDTH = 22;
  private static final int MAX_DETAIL = 300;

  private final ZoneId zone;
  private final boolean withService;
  private final Map<String, String> versions = new HashMap<>();
  private final Map<String, Integer> stepCounts = new HashMap<>();
  private final Map<String, String> releaseVersions = new HashMap<>();

  EventText(ZoneId zone, boolean withService) {
    this.zone = zone;
    this.withService = withService;
  }

  /** Learns environment versions and step counts from a service status ({@code GET /services/{name}}). */
  void learn(JsonNode status) {
    status.path("environments").forEach(env -> versions.put(env.path("id").asText(), env.path("version").asText()));
    for (String list : List.of("desired", "applied")) {
      status.path(list).forEach(weight -> versions.put(weight.path("environment").asText(),
          weight.path("version").asText()));
    }
    learnRelease(status.path("activeRelease"));
    status.path("history").forEach(this::learnRelease);
  }

  private void learnRelease(JsonNode release) {
    if (release.isObject()) {
      stepCounts.put(release.path("id").asText(), release.path("steps").size());
      releaseVersions.put(release.path("id").asText(), release.path("version").asText());
      if (release.hasNonNull("environmentId")) {
        versions.put(release.path("environmentId").asText(), release.path("version").asText());
      }
    }
  }

  /** The whole line for {@code event}. */
  String line(JsonNode event) {
    String at = Times.clock(event.path("at").asText(), zone);
    String type = event.path("type").asText();
    String prefix = withService ? at + "  " + event.path("service").asText() + "  " : at + "  ";
    String padded = type.length() >= TYPE_WIDTH ? type : type + " ".repeat(TYPE_WIDTH - type.length());
    return (prefix + padded + "  " + describe(type, event.path("data"))).stripTrailing();
  }

  /** What the event says, without time and type. */
  String describe(String type, JsonNode data) {
    String release = data.path("releaseId").asText("");
    return switch (type) {
      case "SpecChanged" -> "revision " + data.path("revision").asText();
      case "ReleaseRequested" -> requested(data);
      case "ReleaseQueued" -> data.path("queued").path("id").asText() + ": " + data.path("queued").path("version")
          .asText() + " queued behind the release in flight";
      case "QueuedReleaseReplaced" -> data.path("replacedId").asText() + " (" + data.path("replacedVersion").asText()
          + ") replaced by " + data.path("byId").asText() + " (" + data.path("byVersion").asText() + ")";
      case "EnvironmentRequested" -> environmentRequested(data);
      case "EnvironmentReady" -> "environment " + data.path("environmentId").asText() + " healthy ("
          + count(data.path("healthyInstances").asInt(), "instance") + ")";
      case "EnvironmentFailed" -> "environment " + data.path("environmentId").asText() + ": "
          + data.path("reason").asText();
      case "ReleaseFailed" -> release + ": " + data.path("version").asText() + " failed: "
          + data.path("reason").asText();
      case "PreviewStarted" -> release + ": preview until " + Times.clock(data.path("until").asText(), zone);
      case "PreviewOpened" -> release + ": preview at " + data.path("url").asText();
      case "PreviewClosed" -> "preview closed";
      case "EnvironmentReused" -> release + ": reusing environment " + data.path("environmentId").asText();
      case "QueuedReleaseSkipped" -> release + ": " + data.path("version").asText() + " skipped: "
          + data.path("reason").asText();
      case "TrafficShiftRequested" -> release + ": " + step(release, data) + ": traffic to "
          + split(data.path("split"));
      case "TrafficShifted" -> "traffic is " + split(data.path("split"));
      case "StepHeld" -> release + ": " + step(release, data) + ": " + data.path("weight").asInt() + "%"
          + versionSuffix(release) + ", holding until " + Times.clock(data.path("until").asText(), zone);
      case "AnalysisRecorded" -> analysis(release, data);
      case "ReleasePromoted" -> release + ": " + data.path("version").asText() + " promoted, serves 100%";
      case "RollbackRequested" -> release + ": " + (data.path("abort").asBoolean() ? "aborting" : "rolling back")
          + ", all traffic to " + environment(data.path("targetId").asText())
          + (data.path("automatic").asBoolean() ? " (automatic)" : "") + ": " + data.path("reason").asText();
      case "ReleaseRolledBack" -> release + ": " + data.path("version").asText() + " rolled back, traffic on "
          + environment(data.path("environmentId").asText(null));
      case "ReleaseAborted" -> release + ": " + data.path("version").asText() + " aborted: "
          + data.path("reason").asText();
      case "ReleasePaused" -> release + ": paused";
      case "ReleaseResumed" -> release + ": resumed";
      case "PromotionRequested" -> release + ": promotion requested, 100% now";
      case "EnvironmentRetired" -> "environment " + data.path("environmentId").asText() + " retired: "
          + data.path("reason").asText();
      case "EnvironmentDeleted" -> "environment " + data.path("environmentId").asText() + " deleted";
      case "DriftDetected" -> drift(data);
      case "ServiceDeletionRequested" -> "deletion requested";
      case "EndpointRemoved" -> "endpoint removed";
      case "ServiceDeleted" -> "service deleted";
      default -> shorten(data.toString());
    };
  }

  private String requested(JsonNode data) {
    JsonNode release = data.path("release");
    learnRelease(release);
    String id = release.path("id").asText();
    if ("ROLLBACK".equals(release.path("kind").asText())) {
      return id + ": rollback to " + release.path("version").asText() + ": " + release.path("reason").asText();
    }
    StringJoiner steps = new StringJoiner(", ");
    release.path("steps").forEach(step -> steps.add(step.path("weight").asInt() + "%"
        + (step.hasNonNull("hold") && !"0s".equals(step.path("hold").asText()) ? " " + step.path("hold").asText()
            : "")));
    return id + ": " + release.path("version").asText() + " with revision " + release.path("revision").asInt()
        + ", steps " + steps + (release.path("preview").asBoolean() ? ", preview first" : "")
        + (data.path("fromQueue").asBoolean() ? " (from the queue)" : "");
  }

  private String environmentRequested(JsonNode data) {
    JsonNode environment = data.path("environment");
    versions.put(environment.path("id").asText(), environment.path("version").asText());
    return data.path("releaseId").asText() + ": creating environment " + environment.path("id").asText() + " ("
        + environment.path("version").asText() + ")";
  }

  private String analysis(String release, JsonNode data) {
    JsonNode judgement = data.path("judgement");
    String score = judgement.hasNonNull("score") ? " (score " + Math.round(judgement.path("score").asDouble()) + ")"
        : "";
    List<String> alarms = new ArrayList<>();
    data.path("alarmsFiring").forEach(alarm -> alarms.add(alarm.asText()));
    return release + ": " + step(release, data) + ": " + judgement.path("verdict").asText() + score + ": "
        + judgement.path("summary").asText() + (alarms.isEmpty() ? "" : "; alarms in ALARM: " + alarms);
  }

  private String drift(JsonNode data) {
    StringBuilder out = new StringBuilder(data.path("kind").asText().toLowerCase().replace('_', ' '));
    if (data.hasNonNull("environmentId")) {
      out.append(' ').append(environment(data.path("environmentId").asText()));
    }
    if (data.hasNonNull("detail")) {
      out.append(": ").append(data.path("detail").asText());
    }
    return out.toString();
  }

  private String step(String release, JsonNode data) {
    int step = data.path("step").asInt() + 1;
    Integer count = stepCounts.get(release);
    return count == null || count == 0 ? "step " + step : "step " + step + "/" + count;
  }

  private String versionSuffix(String release) {
    String version = releaseVersions.get(release);
    return version == null || version.isEmpty() ? "" : " to " + version;
  }

  /** Weights as {@code 2.0.0 10%, 1.0.0 90%}, largest first, environments named by version where known. */
  String split(JsonNode split) {
    List<Map.Entry<String, Integer>> weights = new ArrayList<>();
    split.path("weights").fields().forEachRemaining(entry -> weights.add(Map.entry(entry.getKey(),
        entry.getValue().asInt())));
    weights.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    StringJoiner out = new StringJoiner(", ");
    weights.stream().filter(entry -> entry.getValue() > 0)
        .forEach(entry -> out.add(environment(entry.getKey()) + " " + entry.getValue() + "%"));
    return out.length() == 0 ? "none" : out.toString();
  }

  /** An environment by its version when known ({@code 2.0.0}), else by id. */
  private String environment(String id) {
    if (id == null) {
      return "none";
    }
    String version = versions.get(id);
    return version == null || version.isEmpty() ? id : version;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String shorten(String text) {
    return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
  }
}
