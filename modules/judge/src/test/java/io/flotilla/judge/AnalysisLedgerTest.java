package io.flotilla.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisLedgerTest {
  private static final Judgement SOURCE_ERROR = Judge.judge(
      Traffic.policy(100, Traffic.ERRORS), Sample.counts(1000, 1), Sample.failed("connection refused"));
  private static final Judgement PASS = new Judgement(Verdict.PASS, 100.0, List.of(), "score 100");
  private static final Judgement INCONCLUSIVE = new Judgement(Verdict.INCONCLUSIVE, null, List.of(), "no data");

  @Test
  void reachesTheLimitAfterConsecutiveSourceErrorsAndNamesTheSource() {
    AnalysisLedger ledger = AnalysisLedger.EMPTY.record(SOURCE_ERROR).record(SOURCE_ERROR);
    assertFalse(ledger.sourceErrorLimitReached(JudgeSettings.DEFAULT));
    ledger = ledger.record(SOURCE_ERROR);
    assertTrue(ledger.sourceErrorLimitReached(JudgeSettings.DEFAULT));
    assertEquals("metrics source failed 3 times in a row: canary counts: connection refused (errors not compared)",
        ledger.sourceErrorReason());
    assertEquals(Verdict.ERROR, ledger.lastVerdict());
  }

  @Test
  void anIntervalWithDataResetsTheSourceErrorCount() {
    AnalysisLedger ledger = AnalysisLedger.EMPTY.record(SOURCE_ERROR).record(SOURCE_ERROR).record(PASS)
        .record(SOURCE_ERROR);
    assertEquals(1, ledger.consecutiveSourceErrors());
    assertEquals(4, ledger.intervals());
    assertFalse(ledger.sourceErrorLimitReached(JudgeSettings.DEFAULT));
  }

  @Test
  void countsInconclusiveIntervalsAcrossSourceErrors() {
    AnalysisLedger ledger = AnalysisLedger.EMPTY.record(INCONCLUSIVE).record(SOURCE_ERROR).record(INCONCLUSIVE);
    assertEquals(2, ledger.consecutiveInconclusive());
    assertEquals(0, ledger.record(PASS).consecutiveInconclusive());
  }

  @Test
  void theLimitIsConfigurable() {
    AnalysisLedger ledger = AnalysisLedger.EMPTY.record(SOURCE_ERROR);
    assertTrue(ledger.sourceErrorLimitReached(JudgeSettings.DEFAULT.withMaxConsecutiveSourceErrors(1)));
  }
}
