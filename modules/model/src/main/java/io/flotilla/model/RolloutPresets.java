package io.flotilla.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rollout presets and their expansion into steps. Besides the named presets, two general forms are accepted:
 * <ul>
 *   <li>{@code canary-<weight>-<hold>}: the canary gets {@code weight} percent (1..99) for {@code hold}, then 100;
 *       {@code canary-10-5m} is [10% for 5m, 100%].
 *   <li>{@code linear-<weight>-every-<hold>}: weights {@code weight}, 2&times;{@code weight}, ... each held for
 *       {@code hold}, then 100 (weight 5..99, so at most 20 steps); {@code linear-10-every-1m} is 10, 20, ..., 100,
 *       and {@code linear-30-every-2m} is 30, 60, 90, 100.
 * </ul>
 * {@code all-at-once} is a single step of 100. The last step never holds. Holds are 1s..7d.
 */
public final class RolloutPresets {
  public static final String CANARY_10_5M = "canary-10-5m";
  public static final String LINEAR_10_EVERY_1M = "linear-10-every-1m";
  public static final String ALL_AT_ONCE = "all-at-once";
  /** The presets the documentation names; the general forms are accepted too. */
  public static final List<String> NAMED = List.of(CANARY_10_5M, LINEAR_10_EVERY_1M, ALL_AT_ONCE);

  static final int MAX_STEPS = 20;
  static final Duration MAX_HOLD = Duration.ofDays(7);

  private static final Pattern CANARY = Pattern.compile("canary-([1-9][0-9]{0,2})-(.+)");
  private static final Pattern LINEAR = Pattern.compile("linear-([1-9][0-9]{0,2})-every-(.+)");
  private static final int MIN_LINEAR_WEIGHT = (100 + MAX_STEPS - 1) / MAX_STEPS;

  private RolloutPresets() {}

  /** The steps of a preset; throws {@link IllegalArgumentException} with a user-facing message. */
  public static List<RolloutStep> expand(String preset) {
    if (ALL_AT_ONCE.equals(preset)) {
      return List.of(new RolloutStep(100, Duration.ZERO));
    }
    Matcher canary = CANARY.matcher(preset);
    if (canary.matches()) {
      return canary(weight(preset, canary.group(1), 1, "canary"), hold(preset, canary.group(2)));
    }
    Matcher linear = LINEAR.matcher(preset);
    if (linear.matches()) {
      return linear(weight(preset, linear.group(1), MIN_LINEAR_WEIGHT, "linear"), hold(preset, linear.group(2)));
    }
    throw new IllegalArgumentException("unknown preset " + ObjectFields.quote(preset) + "; use one of "
        + String.join(", ", NAMED) + ", or the forms canary-<weight>-<duration>, linear-<weight>-every-<duration>");
  }

  /** {@code weight} percent for {@code hold}, then everything. */
  private static List<RolloutStep> canary(int weight, Duration hold) {
    return List.of(new RolloutStep(weight, hold), new RolloutStep(100, Duration.ZERO));
  }

  /** Equal increments of {@code weight} percent, each held for {@code hold}; the last step is always 100. */
  private static List<RolloutStep> linear(int weight, Duration hold) {
    List<RolloutStep> steps = new ArrayList<>();
    for (int next = weight; next < 100; next += weight) {
      steps.add(new RolloutStep(next, hold));
    }
    steps.add(new RolloutStep(100, Duration.ZERO));
    return List.copyOf(steps);
  }

  private static int weight(String preset, String digits, int min, String form) {
    int weight = Integer.parseInt(digits);
    if (weight < min || weight > 99) {
      throw new IllegalArgumentException(ObjectFields.quote(preset) + ": the " + form + " weight must be between "
          + min + " and 99");
    }
    return weight;
  }

  private static Duration hold(String preset, String text) {
    Duration hold;
    try {
      hold = DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ObjectFields.quote(preset) + ": " + e.getMessage());
    }
    if (hold.compareTo(Duration.ofSeconds(1)) < 0 || hold.compareTo(MAX_HOLD) > 0) {
      throw new IllegalArgumentException(ObjectFields.quote(preset) + ": the hold must be between 1s and "
          + DurationText.format(MAX_HOLD));
    }
    return hold;
  }
}
