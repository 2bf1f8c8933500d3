package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The phases of a release (DESIGN.md §5). */
public enum ReleasePhase {
  REQUESTED,
  PROVISIONING,
  PREVIEWING,
  SHIFTING,
  HOLDING,
  PROMOTED,
  ROLLING_BACK,
  ROLLED_BACK,
  FAILED,
  ABORTED,
  SUPERSEDED;

  public boolean isTerminal() {
    return this == PROMOTED || this == ROLLED_BACK || this == FAILED || this == ABORTED || this == SUPERSEDED;
  }

  /** The phase's name as the API shows it, e.g. {@code RolledBack}. */
  @JsonValue
  public String display() {
    StringBuilder out = new StringBuilder();
    for (String part : name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase());
    }
    return out.toString();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ReleasePhase fromDisplay(String text) {
    for (ReleasePhase phase : values()) {
      if (phase.display().equals(text) || phase.name().equals(text)) {
        return phase;
      }
    }
    throw new IllegalArgumentException("unknown phase " + text);
  }
}
