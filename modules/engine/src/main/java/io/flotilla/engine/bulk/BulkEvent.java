package io.flotilla.engine.bulk;

import io.flotilla.engine.CborSerializable;
import java.time.Instant;
import java.util.List;

/** Everything that happens to a bulk release, in past tense; item lists are batched to keep the journal short. */
public sealed interface BulkEvent extends CborSerializable {
  Instant at();

  /** The bulk was accepted with this request (items and limits); {@code fingerprint} identifies the request. */
  record BulkCreated(String bulkId, String fingerprint, BulkRequest request, Instant at, String by)
      implements BulkEvent {}

  /** All or nothing: every item's service exists, so items may start. */
  record ServicesConfirmed(Instant at) implements BulkEvent {}

  /** All or nothing: the services of these items do not exist, so no item starts. */
  record BulkRejected(List<Integer> unknown, Instant at) implements BulkEvent {}

  /**
   * These items start now. Recorded before their endpoints are asked, so a bulk restarted after a crash asks them
   * again (with the same request ids) instead of choosing other items or forgetting them.
   */
  record ItemsStarted(List<Integer> indexes, Instant at) implements BulkEvent {}

  /** The endpoints accepted these items: each has a release (queued or running) to watch. */
  record ItemsAccepted(List<Accepted> items, Instant at) implements BulkEvent {}

  /** These items reached their end. */
  record ItemsEnded(List<Ended> items, Instant at) implements BulkEvent {}

  /** The failure budget is used up: pending items are skipped; those in flight run to their end. */
  record BudgetExhausted(int failures, Instant at) implements BulkEvent {}

  /** The bulk was cancelled: pending items are cancelled; those in flight run to their end. */
  record BulkCancelled(Instant at, String by) implements BulkEvent {}

  /** An endpoint's answer to an item: its release id and what it did ({@code started}, {@code queued}, ...). */
  record Accepted(int index, String releaseId, String answer) implements CborSerializable {}

  /** How an item ended, and why. */
  record Ended(int index, ItemStatus status, String reason) implements CborSerializable {}
}
