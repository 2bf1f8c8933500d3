package io.flotilla.judge;

import io.flotilla.model.MetricType;

/**
 * The numbers behind one metric's classification, for status and the event feed. Error-rate metrics carry rates
 * (0..1) and the increase; latency metrics carry the check's percentile in milliseconds and the Hodges-Lehmann
 * shift with its interval. Fields that do not apply (no data, percentiles-only sources) are null.
 *
 * @param test the method that decided: {@code fisher-exact}, {@code two-proportion-z}, {@code mann-whitney},
 *     {@code percentile-ratio}, or null when nothing was compared
 * @param statistic z for the z-test, U of the canary for Mann-Whitney (R's {@code W}), the canary's error count for
 *     Fisher's test
 * @param pValue one-sided: the chance of data at least this much worse for the canary if it were no worse
 * @param estimate the observed increase in error rate, or the Hodges-Lehmann shift (canary minus baseline, ms)
 * @param intervalLow low end of the shift's confidence interval (latency)
 * @param intervalHigh high end of the shift's confidence interval (latency)
 * @param threshold the line the observed effect was held against: the increase in error rate that fails, or the
 *     latency ratio ({@code maxRatio})
 * @param reason one line a person can read, with the deciding numbers
 */
public record MetricResult(
    String name,
    MetricType type,
    Classification classification,
    boolean critical,
    Double baselineValue,
    Double canaryValue,
    String test,
    Double statistic,
    Double pValue,
    Double estimate,
    Double intervalLow,
    Double intervalHigh,
    Double threshold,
    Long baselineCount,
    Long canaryCount,
    String reason) {

  private static final String SOURCE_FAILED = ": metrics source failed: ";

  /** A metric the source failed to deliver; {@code detail} names the side and series, e.g. "canary counts: ...". */
  static MetricResult sourceFailed(String name, MetricType type, boolean critical, String detail) {
    return without(name, type, Classification.ERROR, critical, null, null, name + SOURCE_FAILED + detail);
  }

  /** What the source failed at, for an {@code ERROR} result made by {@link #sourceFailed}; else null. */
  String sourceFailure() {
    String prefix = name + SOURCE_FAILED;
    return classification == Classification.ERROR && reason.startsWith(prefix)
        ? reason.substring(prefix.length()) : null;
  }

  /** A metric that could not be compared: no data or a source error. */
  static MetricResult without(
      String name, MetricType type, Classification classification, boolean critical, Long baselineCount,
      Long canaryCount, String reason) {
    return new MetricResult(name, type, classification, critical, null, null, null, null, null, null, null, null,
        null, baselineCount, canaryCount, reason);
  }
}
