package io.flotilla.engine.endpoint;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.flotilla.engine.CborSerializable;
import io.flotilla.model.ReleasePhase;

/** What an endpoint answers to a user command: accepted (with what happened), rejected (with why), or its status. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Reply.Accepted.class, name = "accepted"),
    @JsonSubTypes.Type(value = Reply.Rejected.class, name = "rejected"),
    @JsonSubTypes.Type(value = StatusView.class, name = "status"),
    @JsonSubTypes.Type(value = Reply.ReleaseProgress.class, name = "release-progress")
})
public sealed interface Reply extends CborSerializable
    permits Reply.Accepted, Reply.Rejected, StatusView, Reply.ReleaseProgress {

  /**
   * The command was accepted. {@code outcome} says what it did (e.g. {@code started}, {@code queued},
   * {@code replaced-queued}, {@code no-op}, {@code updated}, {@code unchanged}); {@code releaseId} and
   * {@code revision} are set where they apply.
   */
  record Accepted(String outcome, String message, String releaseId, Integer revision) implements Reply {}

  /** The command was refused and changed nothing. */
  record Rejected(Code code, String message) implements Reply {}

  /**
   * Where one release stands: the active release (with its current phase), the queued one (no phase yet), finished
   * (in the history, with its terminal phase and reason), or unknown: replaced in the queue by a newer request,
   * dropped from the queue, or so old it left the bounded history.
   */
  record ReleaseProgress(String releaseId, Standing standing, String version, ReleasePhase phase, String reason)
      implements Reply {}

  /** See {@link ReleaseProgress}. */
  enum Standing { ACTIVE, QUEUED, FINISHED, UNKNOWN }

  /** Why a command was refused; the API maps these to HTTP status codes. */
  enum Code {
    /** No such service (404). */
    NOT_FOUND,
    /** Not possible in the current state, e.g. promote with nothing in flight (409). */
    CONFLICT,
    /** The request itself is invalid (400). */
    INVALID
  }

  static Rejected notFound(String service) {
    return new Rejected(Code.NOT_FOUND, "service '" + service + "' does not exist");
  }

  static Rejected conflict(String message) {
    return new Rejected(Code.CONFLICT, message);
  }
}
