package io.flotilla.judge;

import io.flotilla.model.AnalysisPolicy;
import io.flotilla.model.MetricCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a canary with its baseline over one interval and decides whether the release may go on. Every metric of
 * the {@link AnalysisPolicy} is classified on its own: error rates with a one-sided Fisher exact / two-proportion
 * z-test plus an effect line ({@link ErrorRateCheck}); latencies with Mann-Whitney U, the Hodges-Lehmann shift and
 * its confidence interval, a percentile ratio, and a tail exceedance test ({@link RecordedLatencyCheck},
 * {@link TailCheck}), or by percentile ratio alone when the source gives percentiles only. The classifications are
 * then scored as Kayenta scores them ({@link Scorecard}).
 *
 * <p>Pass cumulative samples since the end of warmup: the tests are built so that looking again every interval at
 * growing data adds power without adding false failures. Pure and thread-safe; nothing is kept between calls (the
 * caller carries an {@link AnalysisLedger} for that).
 */
public final class Judge {
  private Judge() {}

  public static Judgement judge(AnalysisPolicy policy, Sample baseline, Sample canary) {
    return judge(policy, baseline, canary, JudgeSettings.DEFAULT);
  }

  public static Judgement judge(AnalysisPolicy policy, Sample baseline, Sample canary, JudgeSettings settings) {
    // minRequests 0 is a valid policy, but a rate or a percentile needs at least one request per side
    int minRequests = Math.max(1, policy.minRequests());
    LatencyCheck latency = new LatencyCheck(baseline, canary, minRequests, settings);
    List<MetricResult> results = new ArrayList<>();
    for (MetricCheck check : policy.metrics()) {
      results.add(switch (check.type()) {
        case ERROR_RATE -> ErrorRateCheck.classify(check, baseline, canary, minRequests, settings);
        case LATENCY -> latency.classify(check);
      });
    }
    return Scorecard.decide(results, settings);
  }
}
