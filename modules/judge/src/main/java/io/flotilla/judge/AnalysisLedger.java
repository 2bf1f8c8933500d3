package io.flotilla.judge;

/**
 * What the comparator carries from one interval to the next, so that metrics-source trouble is counted apart from
 * verdicts on the canary: consecutive ERROR intervals (a PASS, FAIL or INCONCLUSIVE resets them) and consecutive
 * INCONCLUSIVE intervals (an ERROR leaves them as they were, having said nothing either way). When
 * {@code maxConsecutiveSourceErrors} errors in a row are reached, {@link #sourceErrorReason()} names the metrics
 * source, never the version: a flaky source is not a bad release.
 *
 * @param lastSourceError what the source failed at in the latest ERROR interval, null before any
 */
public record AnalysisLedger(
    int intervals, int consecutiveSourceErrors, int consecutiveInconclusive, Verdict lastVerdict,
    String lastSourceError) {
  public static final AnalysisLedger EMPTY = new AnalysisLedger(0, 0, 0, null, null);

  /** The ledger after one more interval. */
  public AnalysisLedger record(Judgement judgement) {
    Verdict verdict = judgement.verdict();
    if (verdict == Verdict.ERROR) {
      String detail = judgement.summary().startsWith(Scorecard.SOURCE_FAILED)
          ? judgement.summary().substring(Scorecard.SOURCE_FAILED.length()) : judgement.summary();
      return new AnalysisLedger(intervals + 1, consecutiveSourceErrors + 1, consecutiveInconclusive, verdict, detail);
    }
    int inconclusive = verdict == Verdict.INCONCLUSIVE ? consecutiveInconclusive + 1 : 0;
    return new AnalysisLedger(intervals + 1, 0, inconclusive, verdict, lastSourceError);
  }

  /** Whether the source has failed {@code maxConsecutiveSourceErrors} intervals in a row. */
  public boolean sourceErrorLimitReached(JudgeSettings settings) {
    return consecutiveSourceErrors >= settings.maxConsecutiveSourceErrors();
  }

  /** Why the analysis stopped on source errors, for the release's status: names the source, not the version. */
  public String sourceErrorReason() {
    return "metrics source failed " + consecutiveSourceErrors + " times in a row: " + lastSourceError;
  }
}
