package io.flotilla.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

/**
 * Expected values computed independently with R 4.2.2 (Debian r-base-core), with the commands quoted above each case.
 * The judge's Mann-Whitney p-value is the normal approximation without continuity or tie correction, so its
 * p-values are compared with R's {@code exact = FALSE, correct = FALSE}; the Hodges-Lehmann estimate and interval
 * are compared with R's exact ones (median of the differences; order statistics from {@code qwilcox}), which the
 * judge's normal-approximation index reproduces in both cases ({@code qwilcox(0.01, n, m)} equals its k).
 */
class KnownCasesTest {
  // R: a_baseline <- c(<A_BASELINE>); a_canary <- c(<A_CANARY>)   (hand-written, no ties)
  private static final double[] A_BASELINE = {12.1, 14.7, 11.3, 16.2, 13.8, 15.5, 12.9, 17.4, 14.2, 13.1, 18.6, 12.4};
  private static final double[] A_CANARY = {15.9, 19.3, 14.4, 21.7, 17.1, 16.6, 23.8, 18.2, 20.5, 15.2};

  // R: set.seed(7801); b_baseline <- round(rlnorm(40, log(20), 0.4), 2)
  //    b_canary <- round(c(rlnorm(33, log(20), 0.4), rlnorm(7, log(120), 0.3)), 2)   (no ties; printed below)
  private static final double[] B_BASELINE = {31.04, 39.93, 27.54, 29.59, 19.44, 39.41, 37.96, 16.49, 26.13, 23.92,
      17.9, 14.22, 17.56, 20.2, 19.39, 43.5, 21.26, 18.95, 18.24, 31.13, 17.05, 30.08, 19.71, 26.4, 26.46, 7.73,
      22.95, 22.29, 35.68, 30.51, 23.43, 12.38, 24.6, 25.14, 16.19, 21.29, 13.83, 8.42, 19.09, 7.9};
  private static final double[] B_CANARY = {20.41, 13.11, 28.2, 46.86, 27.39, 31.89, 12.35, 18.09, 16.83, 10.83,
      26.5, 31.24, 43.64, 25.52, 10.5, 24.61, 29.46, 24.18, 34.82, 23.57, 28.48, 16.63, 15.74, 19.86, 20.58, 12.61,
      21.52, 57.7, 26.86, 28.99, 18.93, 24.09, 14.42, 118.62, 100.86, 168.61, 172.92, 119.08, 93.81, 88.46};

  /*
   * R:
   *   wilcox.test(a_canary, a_baseline, conf.int=TRUE, conf.level=0.98)
   *     -> W = 103, 98 percent confidence interval: 0.900000000000002 7.000000000000000,
   *        difference in location 3.75
   *   wilcox.test(a_canary, a_baseline, exact=FALSE, correct=FALSE)$p.value -> 4.57775067321323e-03
   *   wilcox.test(a_canary, a_baseline, alternative="greater", exact=FALSE, correct=FALSE)$p.value
   *     -> 2.28887533660662e-03
   */
  @Test
  void mannWhitneyAndHodgesLehmannMatchRForAShiftedSample() {
    RankShift shift = RankShift.compare(SortedSample.of(A_BASELINE), SortedSample.of(A_CANARY), 0.98);
    assertEquals(103, shift.u(), 1e-12);
    assertEquals(4.57775067321323e-03, shift.pTwoSided(), 1e-12);
    assertEquals(2.28887533660662e-03, shift.pGreater(), 1e-12);
    assertEquals(3.75, shift.estimate(), 1e-12);
    assertEquals(0.900000000000002, shift.low(), 1e-12);
    assertEquals(7.0, shift.high(), 1e-12);
  }

  /*
   * R:
   *   wilcox.test(b_canary, b_baseline, conf.int=TRUE, conf.level=0.98)
   *     -> W = 975, 98 percent confidence interval: -1.71 10.39, difference in location 4.185
   *   wilcox.test(b_canary, b_baseline, conf.int=TRUE, conf.level=0.98, exact=FALSE, correct=FALSE)
   *     -> p-value = 0.0921935963657
   *   wilcox.test(b_canary, b_baseline, alternative="greater", exact=FALSE, correct=FALSE)$p.value
   *     -> 0.0460967981828697
   * This is the variance-only case Kayenta passes: 7 of 40 canary requests are ~5x slower, yet the shift's
   * interval contains 0.
   */
  @Test
  void mannWhitneyAndHodgesLehmannMatchRForASampleWithASlowMode() {
    RankShift shift = RankShift.compare(SortedSample.of(B_BASELINE), SortedSample.of(B_CANARY), 0.98);
    assertEquals(975, shift.u(), 1e-12);
    assertEquals(0.0921935963657, shift.pTwoSided(), 1e-12);
    assertEquals(0.0460967981828697, shift.pGreater(), 1e-12);
    assertEquals(4.185, shift.estimate(), 1e-12);
    assertEquals(-1.71, shift.low(), 1e-12);
    assertEquals(10.39, shift.high(), 1e-12);
  }

  @Test
  void canaryUIsTheSideOfCommonsMathsLargerU() {
    double commonsU = new MannWhitneyUTest().mannWhitneyU(B_CANARY, B_BASELINE);
    RankShift shift = RankShift.compare(SortedSample.of(B_BASELINE), SortedSample.of(B_CANARY), 0.98);
    assertEquals(commonsU, Math.max(shift.u(), 40 * 40 - shift.u()), 1e-9);
  }

  /*
   * R: quantile(a_baseline, c(0.5, 0.9, 0.99), type=7) -> 14.000 17.280 18.468
   *    quantile(b_baseline, c(0.5, 0.99)) -> 21.7900 42.1077; quantile(b_canary, c(0.5, 0.99)) -> 26.0100 171.2391
   */
  @Test
  void percentilesInterpolateLikeRsDefaultQuantile() {
    SortedSample a = SortedSample.of(A_BASELINE);
    assertEquals(14.0, a.percentile(50), 1e-9);
    assertEquals(17.28, a.percentile(90), 1e-9);
    assertEquals(18.468, a.percentile(99), 1e-9);
    assertEquals(21.79, SortedSample.of(B_BASELINE).median(), 1e-9);
    assertEquals(42.1077, SortedSample.of(B_BASELINE).percentile(99), 1e-9);
    assertEquals(26.01, SortedSample.of(B_CANARY).median(), 1e-9);
    assertEquals(171.2391, SortedSample.of(B_CANARY).percentile(99), 1e-9);
  }

  /*
   * R: fisher.test(matrix(c(ec, eb, nc-ec, nb-eb), nrow=2), alternative="greater")$p.value
   * (rows canary, baseline; columns errors, successes):
   *   5/100 vs 0/100   -> 0.0296916052342933
   *   3/150 vs 1/140   -> 0.337589112229268
   *   4/300 vs 4/300   -> 0.637638650392197
   *   12/400 vs 2/410  -> 0.00535876949980224
   *   0/200 vs 3/200   -> 1
   */
  @Test
  void fisherExactTestMatchesR() {
    assertEquals(0.0296916052342933, ProportionTest.fisher(5, 100, 0, 100).pValue(), 1e-12);
    assertEquals(0.337589112229268, ProportionTest.fisher(3, 150, 1, 140).pValue(), 1e-12);
    assertEquals(0.637638650392197, ProportionTest.fisher(4, 300, 4, 300).pValue(), 1e-12);
    assertEquals(0.00535876949980224, ProportionTest.fisher(12, 400, 2, 410).pValue(), 1e-12);
    assertEquals(1.0, ProportionTest.fisher(0, 200, 3, 200).pValue(), 1e-12);
  }

  /*
   * R: prop.test(c(ec, eb), c(nc, nb), alternative="greater", correct=FALSE); z = sign * sqrt(X-squared)
   *   66/6000 vs 60/6000   -> z = 0.537351021190072, p = 0.295512584334007
   *   126/6000 vs 60/6000  -> z = 4.87730150006216,  p = 5.37734928889865e-07
   *   36/612 vs 5/598      -> z = 4.85050619983257,  p = 6.15733921574502e-07
   *   30/3000 vs 45/3000   -> z = -1.74297868132238, p = 0.959331330613303
   */
  @Test
  void twoProportionZTestMatchesRsPropTest() {
    assertZTest(0.537351021190072, 0.295512584334007, ProportionTest.zTest(66, 6000, 60, 6000));
    assertZTest(4.87730150006216, 5.37734928889865e-07, ProportionTest.zTest(126, 6000, 60, 6000));
    assertZTest(4.85050619983257, 6.15733921574502e-07, ProportionTest.zTest(36, 612, 5, 598));
    assertZTest(-1.74297868132238, 0.959331330613303, ProportionTest.zTest(30, 3000, 45, 3000));
  }

  @Test
  void smallTablesGoToFisherAndLargeOnesToTheZTest() {
    assertEquals(ProportionTest.FISHER, ProportionTest.greater(5, 100, 0, 100, 5).test());
    assertEquals(ProportionTest.FISHER, ProportionTest.greater(3, 150, 1, 140, 5).test());
    assertEquals(ProportionTest.Z_TEST, ProportionTest.greater(12, 400, 2, 410, 5).test());
    assertEquals(ProportionTest.Z_TEST, ProportionTest.greater(36, 612, 5, 598, 5).test());
    assertEquals(ProportionTest.Z_TEST, ProportionTest.greater(66, 6000, 60, 6000, 5).test());
  }

  private static void assertZTest(double z, double p, ProportionTest.Result result) {
    assertEquals(ProportionTest.Z_TEST, result.test());
    assertEquals(z, result.statistic(), 1e-9);
    assertEquals(p, result.pValue(), Math.max(1e-15, p * 1e-9));
  }
}
