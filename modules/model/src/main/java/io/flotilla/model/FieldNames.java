package io.flotilla.model;

import java.util.List;
import java.util.Locale;

/** Messages for unknown fields, with a hint when the name looks like a typo of a known one. */
final class FieldNames {
  private static final int MAX_TYPO_DISTANCE = 2;

  private FieldNames() {}

  static String unknownFieldMessage(String name, List<String> known) {
    String closest = null;
    int best = MAX_TYPO_DISTANCE + 1;
    for (String candidate : known) {
      int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < best) {
        best = distance;
        closest = candidate;
      }
    }
    // Very short names are within two edits of almost anything; a hint there would be noise.
    return closest != null && name.length() > 3 ? "unknown field (did you mean " + closest + "?)" : "unknown field";
  }

  /** Levenshtein distance, giving up early on long names (no field name is longer than ~20 characters). */
  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > MAX_TYPO_DISTANCE || a.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
