package io.flotilla.judge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How one metric of the canary compares with the baseline. {@code LOW} (fewer errors, faster) is reported but scores
 * as a pass; {@code NO_DATA} and {@code ERROR} metrics are left out of the score.
 */
public enum Classification {
  PASS("pass"),
  HIGH("high"),
  LOW("low"),
  NO_DATA("no-data"),
  ERROR("error");

  private final String text;

  Classification(String text) {
    this.text = text;
  }

  @JsonValue
  public String text() {
    return text;
  }

  /** Whether the metric had data to compare, so that it counts in the score. */
  public boolean hasData() {
    return this == PASS || this == HIGH || this == LOW;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Classification fromText(String text) {
    for (Classification value : values()) {
      if (value.text.equals(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException("must be one of pass, high, low, no-data, error");
  }
}
