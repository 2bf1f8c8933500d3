package io.flotilla.api;

import java.util.regex.Pattern;

/**
 * Query parameters that are bounded whole numbers: paging limits and offsets. Only ASCII digits count (Java's parsers
 * also take other scripts' digits and a sign, which no client means to send).
 */
final class Paging {
  static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private Paging() {}

  static int number(String field, String text, int min, int max) {
    try {
      if (!DIGITS.matcher(text).matches()) {
        throw new NumberFormatException(text);
      }
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid(field, "must be a whole number from " + min + " to " + max);
  }
}
