package io.flotilla.model;

import com.fasterxml.jackson.core.StreamReadConstraints;

/** Bounds on documents Flotilla parses, so that hostile input costs little memory and time. */
public final class DocumentLimits {
  /** The longest spec document accepted, in characters (1 MiB). */
  public static final int MAX_CHARS = 1 << 20;
  /** How deep objects and lists may nest; real specs need 4. */
  public static final int MAX_NESTING_DEPTH = 64;

  private DocumentLimits() {}

  static StreamReadConstraints streamReadConstraints() {
    return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
  }
}
