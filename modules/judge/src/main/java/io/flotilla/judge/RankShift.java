package io.flotilla.judge;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * The Mann-Whitney U test of canary against baseline with the Hodges-Lehmann estimate of the shift (the median of all
 * canary-minus-baseline differences) and its distribution-free confidence interval (Hollander and Wolfe,
 * <i>Nonparametric Statistical Methods</i>, 3rd ed., section 4.3): the interval runs from the k-th smallest to the
 * k-th largest difference, with {@code k = floor(mn/2 - z * sqrt(mn(m+n+1)/12)) + 1} from the normal approximation
 * to U. These are R's {@code wilcox.test(canary, baseline, conf.int = TRUE)} quantities; the p-value is commons-math's
 * normal approximation without tie or continuity correction (R with {@code exact = FALSE, correct = FALSE}), which is
 * slightly conservative when latencies tie.
 *
 * @param u U of the canary: pairs where the canary is slower, ties counting half (R's {@code W})
 * @param pTwoSided commons-math's two-sided p-value
 * @param pGreater one-sided p-value for "the canary is slower"
 * @param estimate Hodges-Lehmann shift, canary minus baseline
 * @param low low end of the confidence interval
 * @param high high end of the confidence interval
 * @param baselineSize how many baseline values the test used
 * @param canarySize how many canary values the test used
 */
record RankShift(
    double u, double pTwoSided, double pGreater, double estimate, double low, double high, int baselineSize,
    int canarySize) {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  static RankShift compare(SortedSample baseline, SortedSample canary, double confidence) {
    PairwiseDifferences differences = new PairwiseDifferences(baseline, canary);
    long pairs = differences.size();
    long atMostZero = differences.countAtMost(0);
    long belowZero = differences.countAtMost(-Double.MIN_VALUE);
    double u = (pairs - atMostZero) + 0.5 * (atMostZero - belowZero);

    MannWhitneyUTest test = new MannWhitneyUTest();
    double pTwoSided = test.mannWhitneyUTest(canary.values(), baseline.values());
    double pGreater = u > pairs / 2.0 ? pTwoSided / 2 : 1 - pTwoSided / 2;

    int m = baseline.size();
    int n = canary.size();
    double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    long k = Math.max(1, (long) Math.floor(pairs / 2.0 - z * Math.sqrt(pairs * (m + n + 1.0) / 12)) + 1);
    return new RankShift(u, pTwoSided, pGreater, differences.median(), differences.kth(k),
        differences.kth(pairs + 1 - k), m, n);
  }
}
