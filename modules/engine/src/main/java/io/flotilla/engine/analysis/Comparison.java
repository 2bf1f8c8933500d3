package io.flotilla.engine.analysis;

import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.judge.Judge;
import io.flotilla.judge.JudgeSettings;
import io.flotilla.judge.Judgement;
import io.flotilla.judge.Sample;
import io.flotilla.judge.Verdict;
import io.flotilla.model.AnalysisPolicy;
import java.util.Map;

/**
 * One comparison interval as pure code: per-environment metrics in, a judgement out. Shared by the
 * {@code VersionComparator} child and the benchmark, so what is measured is what runs.
 */
public final class Comparison {
  private Comparison() {}

  /** Judges the canary against the baseline on the metrics of one window (cumulative since warmup). */
  public static Judgement judge(AnalysisPolicy policy, JudgeSettings settings, Map<String, EnvironmentMetrics> metrics,
      String baselineId, String canaryId) {
    return Judge.judge(policy, sampleOf(metrics.get(baselineId), "baseline"), sampleOf(metrics.get(canaryId),
        "canary"), settings);
  }

  /** When the metrics source failed, both sides are source errors: the judge reports ERROR, never FAIL. */
  public static Judgement sourceFailed(AnalysisPolicy policy, JudgeSettings settings, String reason) {
    Judgement judged = Judge.judge(policy, Sample.failed(reason), Sample.failed(reason), settings);
    // with no metric to classify (an analysis on alarms only) the scorecard has nothing against the version and says
    // pass: an unreadable source must never pass one (CloudFaultsTest promoted versions whose alarm was firing)
    return judged.verdict() == Verdict.ERROR ? judged
        : new Judgement(Verdict.ERROR, null, judged.metrics(), "source error: " + reason);
  }

  static Sample sampleOf(EnvironmentMetrics metrics, String side) {
    if (metrics == null) {
      return Sample.counts(0, 0);
    }
    if (!metrics.latencyPercentilesMillis().isEmpty()) {
      // a cloud that reports percentiles only (CloudWatch): the judge compares percentile ratios
      return Sample.percentiles(metrics.requests(), metrics.errors(), metrics.latencyPercentilesMillis());
    }
    return Sample.recorded(metrics.requests(), metrics.errors(), metrics.latencySamplesMillis());
  }
}
