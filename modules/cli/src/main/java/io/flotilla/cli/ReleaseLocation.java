package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a service's status ({@code GET /api/v1/services/{name}}) has one release: in flight, queued, in the history,
 * or not at all (a queued release a newer request replaced, or one too old for the bounded history).
 */
record ReleaseLocation(Where where, JsonNode json, String phase) {

  /** The part of the status that holds the release. */
  enum Where { ACTIVE, QUEUED, HISTORY, MISSING }

  static ReleaseLocation in(JsonNode status, String releaseId) {
    JsonNode active = status.path("activeRelease");
    if (releaseId.equals(active.path("id").asText(null))) {
      return new ReleaseLocation(Where.ACTIVE, active, active.path("phase").asText());
    }
    JsonNode queued = status.path("queuedRelease");
    if (releaseId.equals(queued.path("id").asText(null))) {
      return new ReleaseLocation(Where.QUEUED, queued, "Queued");
    }
    JsonNode history = status.path("history");
    for (int i = history.size() - 1; i >= 0; i--) {
      if (releaseId.equals(history.get(i).path("id").asText(null))) {
        return new ReleaseLocation(Where.HISTORY, history.get(i), history.get(i).path("phase").asText());
      }
    }
    return new ReleaseLocation(Where.MISSING, null, "Unknown");
  }

  boolean finished() {
    return where != Where.MISSING && where != Where.QUEUED && ReleaseProgress.TERMINAL.contains(phase);
  }

  Optional<JsonNode> release() {
    return where == Where.QUEUED ? Optional.empty() : Optional.ofNullable(json);
  }

  Optional<Instant> requestedAt() {
    try {
      return Optional.ofNullable(json).map(release -> Instant.parse(release.path("requestedAt").asText()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  void apply(ReleaseProgress progress) {
    if (where == Where.QUEUED) {
      progress.fromQueued(json);
    } else if (json != null) {
      progress.fromRelease(json);
    }
  }
}
