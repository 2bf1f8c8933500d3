package io.flotilla.judge;

import java.util.List;
import java.util.Map;

/**
 * The judge's tuning, apart from the per-service {@link io.flotilla.model.AnalysisPolicy}. {@link #DEFAULT} is what
 * the benchmark target (+1 percentage point of errors at 100 req/s caught within 60 s, fewer than 1% false
 * rollbacks) was checked with.
 *
 * @param pass score at or above which an interval passes (Kayenta's default is 95)
 * @param marginal score at or below which an interval fails at once (Kayenta's default is 75)
 * @param maxConsecutiveSourceErrors metrics-source errors in a row at which the {@link AnalysisLedger} gives up
 * @param errorRateAlpha one-sided significance level of the error-rate test; small because callers look again every
 *     interval at cumulative data
 * @param increaseLineShare share of a check's {@code maxIncrease} the observed increase must exceed to fail: 0.5 puts
 *     the line midway between "no change" and the regression the check is meant to catch
 * @param fisherBelowExpected Fisher's exact test is used while any expected cell count of the 2x2 table is below
 *     this (Cochran's rule), the two-proportion z-test above it
 * @param confidence confidence level of the Hodges-Lehmann interval (Kayenta: 0.98)
 * @param tolerance allowed latency shift as a share of the baseline median (Kayenta: 0.25)
 * @param tailPercentiles percentiles above a check's own that the tail check also compares
 * @param tailAlpha one-sided significance level of the tail exceedance test
 * @param minTailExceedances a tail percentile is compared only when each version should have at least this many
 *     requests above it
 * @param latencyFloorMillis a latency increase smaller than this (absolute) is never HIGH: loopback jitter
 * @param maxRankSamples the rank test and Hodges-Lehmann interval use at most this many evenly spaced order
 *     statistics per version; percentiles and the tail check always use every sample
 * @param weights score weight per metric name; metrics not named weigh 1
 */
public record JudgeSettings(
    double pass,
    double marginal,
    int maxConsecutiveSourceErrors,
    double errorRateAlpha,
    double increaseLineShare,
    double fisherBelowExpected,
    double confidence,
    double tolerance,
    List<Double> tailPercentiles,
    double tailAlpha,
    double minTailExceedances,
    double latencyFloorMillis,
    int maxRankSamples,
    Map<String, Double> weights) {
  public static final JudgeSettings DEFAULT = new JudgeSettings(
      95, 75, 3, 0.001, 0.5, 5, 0.98, 0.25, List.of(99.0, 99.9), 0.001, 5, 1.0, 50_000, Map.of());

  public JudgeSettings {
    tailPercentiles = List.copyOf(tailPercentiles);
    weights = Map.copyOf(weights);
    require(0 <= marginal && marginal < pass && pass <= 100, "need 0 <= marginal < pass <= 100");
    require(maxConsecutiveSourceErrors >= 1, "maxConsecutiveSourceErrors must be at least 1");
    require(errorRateAlpha > 0 && errorRateAlpha < 1, "errorRateAlpha must be in (0, 1)");
    require(increaseLineShare >= 0 && increaseLineShare <= 1, "increaseLineShare must be in [0, 1]");
    require(confidence > 0 && confidence < 1, "confidence must be in (0, 1)");
    require(tolerance >= 0, "tolerance must not be negative");
    require(tailPercentiles.stream().allMatch(p -> p > 0 && p <= 100), "tail percentiles must be in (0, 100]");
    require(tailAlpha > 0 && tailAlpha < 1, "tailAlpha must be in (0, 1)");
    require(latencyFloorMillis >= 0, "latencyFloorMillis must not be negative");
    require(maxRankSamples >= 10, "maxRankSamples must be at least 10");
    require(weights.values().stream().allMatch(w -> w >= 0), "weights must not be negative");
  }

  public JudgeSettings withThresholds(double pass, double marginal) {
    return new JudgeSettings(pass, marginal, maxConsecutiveSourceErrors, errorRateAlpha, increaseLineShare,
        fisherBelowExpected, confidence, tolerance, tailPercentiles, tailAlpha, minTailExceedances, latencyFloorMillis,
        maxRankSamples, weights);
  }

  public JudgeSettings withMaxConsecutiveSourceErrors(int max) {
    return new JudgeSettings(pass, marginal, max, errorRateAlpha, increaseLineShare, fisherBelowExpected, confidence,
        tolerance, tailPercentiles, tailAlpha, minTailExceedances, latencyFloorMillis, maxRankSamples, weights);
  }

  public JudgeSettings withWeights(Map<String, Double> weights) {
    return new JudgeSettings(pass, marginal, maxConsecutiveSourceErrors, errorRateAlpha, increaseLineShare,
        fisherBelowExpected, confidence, tolerance, tailPercentiles, tailAlpha, minTailExceedances, latencyFloorMillis,
        maxRankSamples, weights);
  }

  public JudgeSettings withMaxRankSamples(int max) {
    return new JudgeSettings(pass, marginal, maxConsecutiveSourceErrors, errorRateAlpha, increaseLineShare,
        fisherBelowExpected, confidence, tolerance, tailPercentiles, tailAlpha, minTailExceedances, latencyFloorMillis,
        max, weights);
  }

  /** The score weight of a metric. */
  public double weightOf(String metricName) {
    return weights.getOrDefault(metricName, 1.0);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
