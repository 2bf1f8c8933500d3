package io.flotilla.judge;

import io.flotilla.model.MetricCheck;
import io.flotilla.model.MetricType;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latency comparison when a source gives percentiles only (CloudWatch's TargetResponseTime p50/p90/p99/p99.9):
 * no rank test or confidence interval is possible, so the check percentile and every higher percentile both sides
 * report are compared by ratio alone. HIGH when any of them exceeds {@code maxRatio} and is more than
 * {@code latencyFloorMillis} slower; LOW when the check percentile is below {@code 1 / maxRatio}. The reason says the
 * comparison had no test behind it. A side with recorded latencies contributes its own percentiles.
 */
final class PercentileRatioCheck {
  static final String TEST = "percentile-ratio";

  private PercentileRatioCheck() {}

  static MetricResult classify(
      MetricCheck check, Sample baseline, Sample canary, long baselineCount, long canaryCount,
      JudgeSettings settings) {
    double percentile = check.percentile() == null ? LatencyCheck.DEFAULT_PERCENTILE : check.percentile();
    double maxRatio = check.maxRatio() == null ? LatencyCheck.DEFAULT_MAX_RATIO : check.maxRatio();
    TreeSet<Double> levels = new TreeSet<>();
    levels.add(percentile);
    for (Sample sample : new Sample[] {baseline, canary}) {
      if (!sample.hasRecordedLatencies()) {
        levels.addAll(sample.percentilesMillis().keySet());
      }
    }
    TreeMap<Double, Double> baselineProfile = profile(baseline, levels);
    TreeMap<Double, Double> canaryProfile = profile(canary, levels);
    String name = check.name();
    String label = Text.percentile(percentile);
    Double baselineValue = baselineProfile.get(percentile);
    Double canaryValue = canaryProfile.get(percentile);
    if (baselineValue == null || canaryValue == null) {
      String side = canaryValue == null ? "canary" : "baseline";
      return MetricResult.without(name, MetricType.LATENCY, Classification.NO_DATA, check.critical(), baselineCount,
          canaryCount, name + ": the source gives no " + label + " for the " + side);
    }
    double ratio = TailCheck.ratio(canaryValue, baselineValue);
    boolean high = exceeds(canaryValue, baselineValue, maxRatio, settings);
    String tail = "";
    for (Map.Entry<Double, Double> entry : canaryProfile.tailMap(percentile, false).entrySet()) {
      Double b = baselineProfile.get(entry.getKey());
      double c = entry.getValue();
      if (!high && b != null && exceeds(c, b, maxRatio, settings)) {
        high = true;
        tail = "; tail " + Text.percentile(entry.getKey()) + " " + Text.millis(c) + " vs " + Text.millis(b) + " ("
            + Text.ratio(TailCheck.ratio(c, b)) + " > " + Text.ratio(maxRatio) + ")";
      }
    }
    boolean low = !high && ratio < 1 / maxRatio;
    Classification classification = high ? Classification.HIGH : low ? Classification.LOW : Classification.PASS;
    String reason = name + ": " + (low ? "canary faster at " : "canary ") + label + " " + Text.millis(canaryValue)
        + " vs baseline " + Text.millis(baselineValue) + " (" + Text.ratio(ratio)
        + (ratio > maxRatio ? " > " : ", max ") + Text.ratio(maxRatio) + ")" + tail
        + "; percentiles only, compared by ratio without a rank test; n=" + canaryCount + "/" + baselineCount;
    return new MetricResult(name, MetricType.LATENCY, classification, check.critical(), baselineValue, canaryValue,
        TEST, null, null, null, null, null, maxRatio, baselineCount, canaryCount, reason);
  }

  private static boolean exceeds(double canary, double baseline, double maxRatio, JudgeSettings settings) {
    return TailCheck.ratio(canary, baseline) > maxRatio && canary - baseline > settings.latencyFloorMillis();
  }

  /**
   * A side's percentiles at the levels of interest, keyed by the level as asked: computed from recorded latencies,
   * else the source's values, matched with a little slack because levels such as 99.9 arrive as parsed doubles.
   */
  private static TreeMap<Double, Double> profile(Sample sample, TreeSet<Double> levels) {
    TreeMap<Double, Double> profile = new TreeMap<>();
    if (sample.hasRecordedLatencies()) {
      SortedSample sorted = SortedSample.of(sample.latenciesMillis());
      levels.forEach(level -> profile.put(level, sorted.percentile(level)));
      return profile;
    }
    for (double level : levels) {
      for (Map.Entry<Double, Double> entry : sample.percentilesMillis().entrySet()) {
        if (Math.abs(entry.getKey() - level) < 1e-9) {
          profile.put(level, entry.getValue());
        }
      }
    }
    return profile;
  }
}
