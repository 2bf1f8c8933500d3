package io.flotilla.engine.bulk;

import java.util.Locale;

/**
 * The state of a bulk release as a whole. {@code VALIDATING}: all or nothing, the services' existence is being
 * checked before anything starts. {@code RUNNING}: items start as slots free up. The others are decisions that no
 * further item starts; items already in flight still run to their end (see {@link BulkState#finished()}).
 */
public enum BulkPhase {
  VALIDATING,
  RUNNING,
  /** Every item reached its end. */
  COMPLETED,
  STOPPED_BY_BUDGET,
  CANCELLED,
  /** All or nothing, and some service does not exist: nothing started. */
  REJECTED;

  /** The name the API shows, e.g. {@code stopped-by-budget}. */
  public String display() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
