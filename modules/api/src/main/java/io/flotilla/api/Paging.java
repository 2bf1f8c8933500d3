package io.flotilla.api;

/** Query parameters that are bounded whole numbers: paging limits and offsets. */
final class Paging {
  private Paging() {}

  static int number(String field, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.invalid(field, "must be a whole number from " + min + " to " + max);
  }
}
