package io.flotilla.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations as specs write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 1h30m}, {@code 7d}. */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationText() {}

  /** Parses a duration; throws {@link IllegalArgumentException} with a user-facing message. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("must be a duration like 30s, 5m or 24h");
    }
    String trimmed = text.trim();
    Matcher matcher = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int position = 0;
    // lookingAt from the current position keeps parsing linear; find() would rescan long digit runs.
    while (position < trimmed.length() && matcher.region(position, trimmed.length()).lookingAt()) {
      long amount;
      try {
        amount = Long.parseLong(matcher.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(quoted(text) + " is too large");
      }
      try {
        total = total.plus(switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        });
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(quoted(text) + " is too large");
      }
      position = matcher.end();
    }
    if (position == 0 || position != trimmed.length()) {
      throw new IllegalArgumentException(quoted(text) + " is not a duration like 30s, 5m or 24h");
    }
    return total;
  }

  // Error messages echo the input; a hostile one must not make them huge.
  private static String quoted(String text) {
    return "'" + (text.length() <= 64 ? text : text.substring(0, 64) + "...") + "'";
  }

  /** Formats with the largest exact units, e.g. 90 s as {@code 1m30s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long millis = duration.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis >= sizes[i]) {
        out.append(millis / sizes[i]).append(units[i]);
        millis %= sizes[i];
      }
    }
    return out.toString();
  }

  /** Writes durations as text. */
  public static final class Serializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(format(value));
    }
  }

  /** Reads durations from text. */
  public static final class Deserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      try {
        return parse(parser.getValueAsString());
      } catch (IllegalArgumentException e) {
        throw context.weirdStringException(parser.getText(), Duration.class, e.getMessage());
      }
    }
  }
}
