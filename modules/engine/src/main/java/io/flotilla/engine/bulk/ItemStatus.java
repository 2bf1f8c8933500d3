package io.flotilla.engine.bulk;

import java.util.Locale;

/**
 * Where one item of a bulk release stands. {@code STARTING} and {@code IN_FLIGHT} occupy a slot of
 * {@code maxConcurrent}; the rest are either waiting ({@code PENDING}) or final. Rolled-back, failed and aborted
 * items count against the failure budget.
 */
public enum ItemStatus {
  /** Not started yet. */
  PENDING,
  /** Recorded as started; the service's endpoint has been (or is about to be) asked to release. */
  STARTING,
  /** The endpoint accepted: its release is queued or running. */
  IN_FLIGHT,
  PROMOTED,
  /** The version already served: nothing to release. */
  UNCHANGED,
  ROLLED_BACK,
  FAILED,
  ABORTED,
  /** The endpoint dropped the release before it ran (a newer request replaced it in the queue). */
  SUPERSEDED,
  /** Never started: the failure budget was used up, or (all or nothing) another item was invalid. */
  SKIPPED,
  /** Never started: the bulk was cancelled. */
  CANCELLED,
  /** Never started: the item was invalid (bad name or version, duplicate, unknown service). */
  INVALID;

  /** Holds a slot of {@code maxConcurrent}. */
  public boolean active() {
    return this == STARTING || this == IN_FLIGHT;
  }

  public boolean terminal() {
    return this != PENDING && !active();
  }

  /** Counts against the failure budget. */
  public boolean failure() {
    return this == ROLLED_BACK || this == FAILED || this == ABORTED;
  }

  /** The name the API shows, e.g. {@code in-flight}, {@code rolled-back}. */
  public String display() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The status named {@code text} as the API shows it; empty when there is none. */
  public static java.util.Optional<ItemStatus> fromDisplay(String text) {
    for (ItemStatus status : values()) {
      if (status.display().equals(text)) {
        return java.util.Optional.of(status);
      }
    }
    return java.util.Optional.empty();
  }
}
