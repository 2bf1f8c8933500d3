package io.flotilla.judge;

import static io.flotilla.judge.Traffic.ERRORS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorRateCheckTest {
  private static MetricResult classify(Sample baseline, Sample canary) {
    return ErrorRateCheck.classify(ERRORS, baseline, canary, 100, JudgeSettings.DEFAULT);
  }

  @Test
  void aSignificantIncreasePastTheLineIsHighWithItsNumbers() {
    MetricResult result = classify(Sample.counts(598, 5), Sample.counts(612, 36));
    assertEquals(Classification.HIGH, result.classification());
    assertEquals("errors: canary 5.9% vs baseline 0.8% (+5.0 pp, fails above +0.5 pp, maxIncrease 1.0 pp), "
        + "z=4.85, p=6e-7, n=612/598", result.reason());
    assertEquals(ProportionTest.Z_TEST, result.test());
    assertEquals(4.85050619983257, result.statistic(), 1e-9);
    assertEquals(6.15733921574502e-07, result.pValue(), 1e-15);
    assertEquals(0.005, result.threshold(), 1e-12);
    assertEquals(598L, result.baselineCount());
    assertEquals(612L, result.canaryCount());
    assertEquals(36.0 / 612 - 5.0 / 598, result.estimate(), 1e-12);
  }

  @Test
  void onePointMoreOnALowBaselineIsCaughtWithinAMinuteAtOneHundredRequestsPerSecond() {
    MetricResult result = classify(Sample.counts(6000, 6), Sample.counts(6000, 66));
    assertEquals(Classification.HIGH, result.classification(), result.reason());
  }

  @Test
  void aSignificantIncreaseBelowTheLinePasses() {
    MetricResult result = classify(Sample.counts(200_000, 2000), Sample.counts(200_000, 2600));
    assertEquals(Classification.PASS, result.classification());
    assertTrue(result.reason().contains("+0.3 pp, significant but within +0.5 pp"), result.reason());
  }

  @Test
  void smallSamplesUseFishersTestAndNeedStrongEvidence() {
    MetricResult result = classify(Sample.counts(100, 0), Sample.counts(100, 5));
    assertEquals(Classification.PASS, result.classification());
    assertEquals(ProportionTest.FISHER, result.test());
    assertEquals(0.0296916052342933, result.pValue(), 1e-12);
    assertEquals("errors: canary 5.0% vs baseline 0.0% (+5.0 pp, not significant, maxIncrease 1.0 pp), "
        + "Fisher p=0.03, n=100/100", result.reason());
  }

  @Test
  void fewerErrorsIsLow() {
    MetricResult result = classify(Sample.counts(6000, 300), Sample.counts(6000, 60));
    assertEquals(Classification.LOW, result.classification());
  }

  @Test
  void noErrorsOnEitherSidePasses() {
    MetricResult result = classify(Sample.counts(6000, 0), Sample.counts(6000, 0));
    assertEquals(Classification.PASS, result.classification());
    assertEquals(1.0, result.pValue());
  }

  @Test
  void belowTheMinimumRequestCountThereIsNoData() {
    MetricResult result = classify(Sample.counts(5000, 0), Sample.counts(99, 50));
    assertEquals(Classification.NO_DATA, result.classification());
    assertEquals(5000L, result.baselineCount());
    assertEquals(99L, result.canaryCount());
  }

  @Test
  void countsTheSourceCannotMeanAreASourceError() {
    MetricResult result = classify(Sample.counts(100, 0), Sample.counts(100, 120));
    assertEquals(Classification.ERROR, result.classification());
    assertEquals("errors: metrics source failed: canary counts are inconsistent: 120 errors in 100 requests",
        result.reason());
  }

  @Test
  void aBaselineCountsErrorIsASourceError() {
    MetricResult result = classify(Sample.counts(100, 0).withCountsError("503 from CloudWatch"), Sample.counts(100, 0));
    assertEquals(Classification.ERROR, result.classification());
    assertEquals("errors: metrics source failed: baseline counts: 503 from CloudWatch", result.reason());
  }
}
