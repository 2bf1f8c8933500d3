package io.flotilla.cli;

import io.flotilla.model.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times as the CLI shows and reads them: wall-clock {@code HH:mm:ss} in the local zone, durations like {@code 1m4s}. */
final class Times {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Times() {}

  static String clock(Instant instant, ZoneId zone) {
    return CLOCK.format(instant.atZone(zone));
  }

  /** {@code text} (an API instant) as wall-clock time; the text itself when it is not an instant. */
  static String clock(String text, ZoneId zone) {
    try {
      return clock(Instant.parse(text), zone);
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** Whole seconds, e.g. {@code 1m4s}; below a second {@code 0s}. */
  static String duration(Duration duration) {
    Duration seconds = Duration.ofSeconds(Math.max(0, duration.toSeconds()));
    return DurationText.format(seconds);
  }

  /**
   * A point in time a user wrote for {@code --since}: an instant ({@code 2026-01-31T12:00:00Z}) or a duration back
   * from now ({@code 10m}, {@code 2h}).
   */
  static Instant since(String text, Instant now) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException notAnInstant) {
      try {
        return now.minus(DurationText.parse(text));
      } catch (IllegalArgumentException e) {
        throw new CliException("--since: '" + text + "' is neither an instant like 2026-01-31T12:00:00Z nor a"
            + " duration like 10m", ExitCodes.USAGE);
      }
    }
  }
}
