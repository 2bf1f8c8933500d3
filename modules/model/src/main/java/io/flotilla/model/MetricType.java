package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of comparison the judge runs between baseline and canary. */
public enum MetricType {
  ERROR_RATE("error-rate"),
  LATENCY("latency");

  private final String text;

  MetricType(String text) {
    this.text = text;
  }

  @JsonValue
  public String text() {
    return text;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static MetricType fromText(String text) {
    for (MetricType type : values()) {
      if (type.text.equals(text)) {
        return type;
      }
    }
    throw new IllegalArgumentException("must be one of error-rate, latency");
  }
}
