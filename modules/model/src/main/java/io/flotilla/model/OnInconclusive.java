package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a release does when the comparison cannot decide. */
public enum OnInconclusive {
  HOLD,
  ROLLBACK,
  PROCEED;

  @JsonValue
  public String text() {
    return name().toLowerCase();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static OnInconclusive fromText(String text) {
    for (OnInconclusive value : values()) {
      if (value.text().equals(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException("must be one of hold, rollback, proceed");
  }
}
