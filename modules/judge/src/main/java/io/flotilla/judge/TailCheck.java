package io.flotilla.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * The tail check that catches what a shift test cannot: a canary whose median is unchanged but whose slow requests
 * are slower or more frequent (a variance-only or bimodal regression, the case Kayenta's Mann-Whitney judge passes,
 * spinnaker/kayenta#780). For each high percentile it takes the pooled samples' percentile as a threshold and tests,
 * one-sided with {@link ProportionTest}, whether the canary has more requests above it than the baseline (a quantile
 * version of Mood's median test). A level is HIGH when that test is significant at {@code tailAlpha} and the canary's
 * percentile is more than {@code maxRatio} times the baseline's and more than {@code latencyFloorMillis} above it, so
 * neither a noisy ratio nor a tiny but significant difference alone fails a release. A level is skipped when each
 * version would expect fewer than {@code minTailExceedances} requests above it (p99.9 needs about 5,000 requests).
 */
final class TailCheck {
  /**
   * One percentile's comparison.
   *
   * @param threshold the pooled percentile that requests were counted above
   */
  record Finding(
      double level, double baselineValue, double canaryValue, double ratio, double threshold, long baselineAbove,
      long canaryAbove, double pValue, boolean high) {}

  private TailCheck() {}

  /** The levels compared for a check at {@code percentile}: it, and the configured tail percentiles above it. */
  static List<Double> levels(double percentile, JudgeSettings settings) {
    List<Double> levels = new ArrayList<>();
    levels.add(percentile);
    for (double level : settings.tailPercentiles()) {
      if (level > percentile && !levels.contains(level)) {
        levels.add(level);
      }
    }
    return levels;
  }

  /** The first HIGH level, else the one closest to significance; null when no level had enough samples. */
  static Finding worst(
      SortedSample baseline, SortedSample canary, SortedSample pooled, double percentile, double maxRatio,
      JudgeSettings settings) {
    Finding worst = null;
    for (double level : levels(percentile, settings)) {
      double expectedAbove = Math.min(baseline.size(), canary.size()) * (100 - level) / 100;
      if (expectedAbove < settings.minTailExceedances()) {
        continue;
      }
      Finding finding = compare(baseline, canary, pooled, level, maxRatio, settings);
      if (finding.high()) {
        return finding;
      }
      if (worst == null || finding.pValue() < worst.pValue()) {
        worst = finding;
      }
    }
    return worst;
  }

  private static Finding compare(
      SortedSample baseline, SortedSample canary, SortedSample pooled, double level, double maxRatio,
      JudgeSettings settings) {
    double baselineValue = baseline.percentile(level);
    double canaryValue = canary.percentile(level);
    double ratio = ratio(canaryValue, baselineValue);
    double threshold = pooled.percentile(level);
    long baselineAbove = baseline.countAbove(threshold);
    long canaryAbove = canary.countAbove(threshold);
    double p = ProportionTest.greater(canaryAbove, canary.size(), baselineAbove, baseline.size(),
        settings.fisherBelowExpected()).pValue();
    boolean high = p < settings.tailAlpha() && ratio > maxRatio
        && canaryValue - baselineValue > settings.latencyFloorMillis();
    return new Finding(level, baselineValue, canaryValue, ratio, threshold, baselineAbove, canaryAbove, p, high);
  }

  /** canary / baseline; 1 when both are 0, infinite when only the baseline is. */
  static double ratio(double canary, double baseline) {
    if (baseline == 0) {
      return canary == 0 ? 1 : Double.POSITIVE_INFINITY;
    }
    return canary / baseline;
  }
}
