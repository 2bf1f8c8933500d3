package io.flotilla.judge;

import io.flotilla.model.MetricCheck;
import io.flotilla.model.MetricType;
import java.util.Map;

/**
 * Classifies latency metrics for one judgement. With every request's latency on both sides it runs the full
 * comparison ({@link RecordedLatencyCheck}: Mann-Whitney, Hodges-Lehmann, percentile ratio, tail check); when a
 * side has percentiles only it falls back to {@link PercentileRatioCheck}. The sorted samples and the rank test are
 * computed once and shared by all latency metrics of the policy.
 */
final class LatencyCheck {
  static final double DEFAULT_PERCENTILE = 99;
  static final double DEFAULT_MAX_RATIO = 1.25;

  private final Sample baseline;
  private final Sample canary;
  private final int minRequests;
  private final JudgeSettings settings;
  private RecordedLatencies recorded;

  LatencyCheck(Sample baseline, Sample canary, int minRequests, JudgeSettings settings) {
    this.baseline = baseline;
    this.canary = canary;
    this.minRequests = minRequests;
    this.settings = settings;
  }

  MetricResult classify(MetricCheck check) {
    String name = check.name();
    String sourceError = sourceError();
    if (sourceError != null) {
      return MetricResult.sourceFailed(name, MetricType.LATENCY, check.critical(), sourceError);
    }
    if (baseline.hasRecordedLatencies() && canary.hasRecordedLatencies()) {
      long nb = baseline.latenciesMillis().length;
      long nc = canary.latenciesMillis().length;
      if (nb < minRequests || nc < minRequests) {
        return tooLittleTraffic(check, nb, nc);
      }
      return RecordedLatencyCheck.classify(check, recorded(), settings);
    }
    String missing = !hasAnyLatency(canary) ? "canary" : !hasAnyLatency(baseline) ? "baseline" : null;
    if (missing != null) {
      return MetricResult.without(name, MetricType.LATENCY, Classification.NO_DATA, check.critical(),
          latencyCount(baseline), latencyCount(canary), name + ": the source has no latency data for the " + missing);
    }
    long nb = latencyCount(baseline);
    long nc = latencyCount(canary);
    if (nb < minRequests || nc < minRequests) {
      return tooLittleTraffic(check, nb, nc);
    }
    return PercentileRatioCheck.classify(check, baseline, canary, nb, nc, settings);
  }

  private MetricResult tooLittleTraffic(MetricCheck check, long nb, long nc) {
    return MetricResult.without(check.name(), MetricType.LATENCY, Classification.NO_DATA, check.critical(), nb, nc,
        check.name() + ": too little traffic: n=" + nc + "/" + nb + " (canary/baseline), need " + minRequests
            + " each");
  }

  private RecordedLatencies recorded() {
    if (recorded == null) {
      recorded = new RecordedLatencies(baseline.latenciesMillis(), canary.latenciesMillis(), settings);
    }
    return recorded;
  }

  private String sourceError() {
    if (canary.latencyError() != null) {
      return "canary latency: " + canary.latencyError();
    }
    if (baseline.latencyError() != null) {
      return "baseline latency: " + baseline.latencyError();
    }
    for (Sample sample : new Sample[] {canary, baseline}) {
      String side = sample == canary ? "canary" : "baseline";
      if (sample.hasRecordedLatencies()) {
        Double invalid = SortedSample.firstInvalid(sample.latenciesMillis());
        if (invalid != null) {
          return side + " latency samples hold an invalid value " + invalid;
        }
      } else if (sample.percentilesMillis() != null) {
        for (Map.Entry<Double, Double> entry : sample.percentilesMillis().entrySet()) {
          if (!(entry.getKey() >= 0 && entry.getKey() <= 100 && entry.getValue() >= 0)
              || Double.isInfinite(entry.getValue())) {
            return side + " latency percentiles hold an invalid entry " + entry;
          }
        }
      }
    }
    return null;
  }

  private static boolean hasAnyLatency(Sample sample) {
    return sample.hasRecordedLatencies()
        || (sample.percentilesMillis() != null && !sample.percentilesMillis().isEmpty());
  }

  private static long latencyCount(Sample sample) {
    return sample.hasRecordedLatencies() ? sample.latenciesMillis().length : sample.requests();
  }

  /** Both versions' latencies sorted once, with the pooled sample and the rank test made on first use. */
  static final class RecordedLatencies {
    final SortedSample baseline;
    final SortedSample canary;
    private final JudgeSettings settings;
    private SortedSample pooled;
    private RankShift shift;

    RecordedLatencies(double[] baseline, double[] canary, JudgeSettings settings) {
      this.baseline = SortedSample.of(baseline);
      this.canary = SortedSample.of(canary);
      this.settings = settings;
    }

    SortedSample pooled() {
      if (pooled == null) {
        pooled = SortedSample.pooled(baseline, canary);
      }
      return pooled;
    }

    RankShift shift() {
      if (shift == null) {
        shift = RankShift.compare(baseline.thinned(settings.maxRankSamples()),
            canary.thinned(settings.maxRankSamples()), settings.confidence());
      }
      return shift;
    }
  }
}
