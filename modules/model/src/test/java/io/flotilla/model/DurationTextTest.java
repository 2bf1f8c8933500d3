package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("30s", Duration.ofSeconds(30)),
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("24h", Duration.ofHours(24)),
        Arguments.of("7d", Duration.ofDays(7)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of(" 5m ", Duration.ofMinutes(5)));
  }

  @ParameterizedTest
  @MethodSource("texts")
  void parsesHumanDurations(String text, Duration expected) {
    assertEquals(expected, DurationText.parse(text));
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of(Duration.ZERO, "0s"),
        Arguments.of(Duration.ofSeconds(90), "1m30s"),
        Arguments.of(Duration.ofMinutes(5), "5m"),
        Arguments.of(Duration.ofHours(24), "1d"),
        Arguments.of(Duration.ofMillis(1500), "1s500ms"),
        Arguments.of(Duration.ofDays(8).plusHours(2), "8d2h"));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void formatsWithTheLargestExactUnits(Duration duration, String expected) {
    assertEquals(expected, DurationText.format(duration));
    assertEquals(duration, DurationText.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "5", "5x", "m5", "-5m", "5 m", "5M", "1.5h", "5m!"})
  void rejectsTextThatIsNotADuration(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
    assertEquals("'" + text + "' is not a duration like 30s, 5m or 24h", e.getMessage());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void rejectsMissingText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
    assertEquals("must be a duration like 30s, 5m or 24h", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "999999999999999d", "9223372036854775807s9223372036854775807s"})
  void rejectsDurationsTooLargeToRepresent(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
    assertTrue(e.getMessage().endsWith("is too large"), e.getMessage());
  }

  @Test
  void parsesHostileInputInLinearTime() {
    String digits = "9".repeat(1 << 20);
    IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(IllegalArgumentException.class, () -> DurationText.parse(digits)));
    assertTrue(e.getMessage().length() < 200, "the message quotes a shortened input");
  }
}
