package io.flotilla.judge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The outcome of one comparison of canary with baseline. {@code ERROR} means the metrics source failed, which says
 * nothing about the canary; {@code INCONCLUSIVE} means the data could not decide (too little traffic, or a score
 * between the marginal and pass thresholds).
 */
public enum Verdict {
  PASS,
  FAIL,
  INCONCLUSIVE,
  ERROR;

  @JsonValue
  public String text() {
    return name().toLowerCase();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Verdict fromText(String text) {
    for (Verdict value : values()) {
      if (value.text().equals(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException("must be one of pass, fail, inconclusive, error");
  }
}
