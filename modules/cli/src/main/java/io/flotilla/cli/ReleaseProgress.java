package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Where one followed release is, as far as the CLI has seen: kept up to date from the service's status and from
 * the release's events, and drawn as a one-line progress bar of the new version's share of traffic.
 */
final class ReleaseProgress {
  static final Set<String> TERMINAL = Set.of("Promoted", "RolledBack", "Failed", "Aborted", "Superseded");
  private static final int BAR_WIDTH = 20;

  private final String releaseId;
  private String version = "";
  private String environmentId;
  private String phase = "Requested";
  private int step;
  private int steps;
  private int weight;
  private Instant holdUntil;
  private boolean paused;
  private String verdict;

  ReleaseProgress(String releaseId) {
    this.releaseId = releaseId;
  }

  String phase() {
    return phase;
  }

  int step() {
    return step;
  }

  /** From the release's JSON in a status ({@code activeRelease} or an entry of {@code history}). */
  void fromRelease(JsonNode release) {
    version = release.path("version").asText(version);
    environmentId = release.path("environmentId").asText(environmentId);
    phase = release.path("phase").asText(phase);
    step = release.path("step").asInt(step);
    steps = release.path("steps").size();
    paused = release.path("paused").asBoolean(false);
    holdUntil = instant(release.path("holdUntil"));
    JsonNode last = release.path("analysis").path("last");
    if (last.hasNonNull("verdict")) {
      verdict = last.path("verdict").asText();
    }
    if (steps > 0 && ("Holding".equals(phase) || "Shifting".equals(phase))) {
      weight = release.hasNonNull("baselineId") ? release.path("steps").path(step).path("weight").asInt(weight) : 100;
    }
    if ("Promoted".equals(phase)) {
      weight = 100;
    }
  }

  /** From the release's entry in {@code queuedRelease}. */
  void fromQueued(JsonNode queued) {
    version = queued.path("version").asText(version);
    phase = "Queued";
  }

  /** From one of the release's events ({@code type} and the event's {@code data}). */
  void fromEvent(String type, JsonNode data) {
    switch (type) {
      case "ReleaseRequested" -> {
        JsonNode release = data.path("release");
        version = release.path("version").asText(version);
        environmentId = release.path("environmentId").asText(environmentId);
        steps = release.path("steps").size();
        phase = "Requested";
      }
      case "EnvironmentRequested" -> {
        phase = "Provisioning";
        environmentId = data.path("environment").path("id").asText(environmentId);
      }
      case "EnvironmentReused" -> environmentId = data.path("environmentId").asText(environmentId);
      case "PreviewStarted" -> {
        phase = "Previewing";
        holdUntil = instant(data.path("until"));
      }
      case "TrafficShiftRequested" -> {
        phase = "Shifting";
        step = data.path("step").asInt(step);
        holdUntil = null;
        if (environmentId != null) {
          weight = data.path("split").path("weights").path(environmentId).asInt(weight);
        }
      }
      case "StepHeld" -> {
        phase = "Holding";
        step = data.path("step").asInt(step);
        weight = data.path("weight").asInt(weight);
        holdUntil = instant(data.path("until"));
      }
      case "AnalysisRecorded" -> verdict = data.path("judgement").path("verdict").asText(verdict);
      case "ReleasePaused" -> paused = true;
      case "ReleaseResumed" -> paused = false;
      case "RollbackRequested" -> {
        phase = "RollingBack";
        holdUntil = null;
      }
      case "ReleasePromoted" -> {
        phase = "Promoted";
        weight = 100;
      }
      case "ReleaseRolledBack" -> {
        phase = "RolledBack";
        weight = 0;
      }
      case "ReleaseFailed" -> phase = "Failed";
      case "ReleaseAborted" -> phase = "Aborted";
      default -> {
        // events that do not move the release
      }
    }
  }

  /** The bar: {@code [####................] rel-2 2.0.0 20% | step 2/5 Holding, 24s left | last verdict pass | 1m3s}. */
  String render(Instant now, Instant started) {
    int filled = Math.max(0, Math.min(BAR_WIDTH, Math.round(weight * BAR_WIDTH / 100f)));
    StringBuilder out = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled))
        .append("] ").append(releaseId).append(' ').append(version).append(' ').append(weight).append("% | ");
    if (steps > 0 && Set.of("Shifting", "Holding", "RollingBack").contains(phase)) {
      out.append("step ").append(step + 1).append('/').append(steps).append(' ');
    }
    out.append(phase);
    if (paused) {
      out.append(" (paused)");
    }
    if (holdUntil != null && holdUntil.isAfter(now) && !paused) {
      out.append(", ").append(Times.duration(Duration.between(now, holdUntil))).append(" left");
    }
    if (verdict != null) {
      out.append(" | last verdict ").append(verdict);
    }
    return out.append(" | ").append(Times.duration(Duration.between(started, now))).toString();
  }

  private static Instant instant(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
