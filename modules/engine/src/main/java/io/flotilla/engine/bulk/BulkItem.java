package io.flotilla.engine.bulk;

import io.flotilla.engine.CborSerializable;
import java.time.Instant;

/**
 * One item of a bulk release: the service and version asked for, where it stands, the endpoint's release id and
 * answer once it was asked ({@code started}, {@code queued}, {@code no-op}, ...), why it ended as it did, and when
 * the bulk recorded its start and its end.
 */
public record BulkItem(
    String service,
    String version,
    ItemStatus status,
    String releaseId,
    String answer,
    String reason,
    Instant startedAt,
    Instant endedAt) implements CborSerializable {

  static BulkItem pending(String service, String version) {
    return new BulkItem(service, version, ItemStatus.PENDING, null, null, null, null, null);
  }

  static BulkItem invalid(String service, String version, String reason) {
    return new BulkItem(service, version, ItemStatus.INVALID, null, null, reason, null, null);
  }

  BulkItem starting(Instant at) {
    return new BulkItem(service, version, ItemStatus.STARTING, null, null, null, at, null);
  }

  BulkItem accepted(String newReleaseId, String newAnswer) {
    return new BulkItem(service, version, ItemStatus.IN_FLIGHT, newReleaseId, newAnswer, reason, startedAt, null);
  }

  BulkItem ended(ItemStatus newStatus, String why, Instant at) {
    return new BulkItem(service, version, newStatus, releaseId, answer, why, startedAt, at);
  }

  /** Ends an item that never started (skipped, cancelled, invalid). */
  BulkItem notStarted(ItemStatus newStatus, String why) {
    return new BulkItem(service, version, newStatus, null, null, why, null, null);
  }

  /** The endpoint's request id for this item: asking again with it never starts a second release. */
  static String requestId(String bulkId, int index) {
    return bulkId + "/" + index;
  }
}
