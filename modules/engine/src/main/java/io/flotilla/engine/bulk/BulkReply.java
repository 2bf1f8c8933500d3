package io.flotilla.engine.bulk;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.flotilla.engine.CborSerializable;

/** What a bulk release answers: accepted (with what happened and the bulk's view), rejected (with why), or a view. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BulkReply.Accepted.class, name = "accepted"),
    @JsonSubTypes.Type(value = BulkReply.Rejected.class, name = "rejected"),
    @JsonSubTypes.Type(value = BulkView.class, name = "view")
})
public sealed interface BulkReply extends CborSerializable permits BulkReply.Accepted, BulkReply.Rejected, BulkView {

  /**
   * The command was accepted: {@code created} (a new bulk), {@code existing} (the same request was made before),
   * {@code cancelled}, or {@code no-op}. {@code bulk} is the bulk's view without items.
   */
  record Accepted(String outcome, String message, BulkView bulk) implements BulkReply {}

  /** The command was refused and changed nothing. */
  record Rejected(Code code, String message) implements BulkReply {}

  /** Why a command was refused. */
  enum Code {
    /** No bulk release with that id (404). */
    NOT_FOUND,
    /** Not possible in the bulk's state, e.g. cancelling a finished bulk (409). */
    CONFLICT,
    /** The bulk id (from an Idempotency-Key) belongs to a different request (422). */
    KEY_REUSED
  }
}
