package io.flotilla.judge;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * One-sided test that the canary's proportion (of errors, or of requests above a latency) is higher than the
 * baseline's. Small tables use Fisher's exact test (the conditional hypergeometric tail, R's
 * {@code fisher.test(..., alternative = "greater")}); once every expected cell count of the 2x2 table reaches
 * {@code fisherBelowExpected} (Cochran's rule, 5 by default) the pooled two-proportion z-test takes over (R's
 * {@code prop.test(..., alternative = "greater", correct = FALSE)}), where the normal approximation is good and the
 * exact test would be needlessly conservative and slow.
 */
final class ProportionTest {
  static final String FISHER = "fisher-exact";
  static final String Z_TEST = "two-proportion-z";

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  /** The outcome: which test ran, its statistic (canary count for Fisher, z for the z-test), the one-sided p. */
  record Result(String test, double statistic, double pValue) {}

  private ProportionTest() {}

  /** Tests H0: p(canary) <= p(baseline) against H1: p(canary) > p(baseline). */
  static Result greater(long canaryHits, long canaryTotal, long baselineHits, long baselineTotal, double fisherBelow) {
    if (minExpectedCount(canaryHits, canaryTotal, baselineHits, baselineTotal) < fisherBelow
        && canaryTotal + baselineTotal <= Integer.MAX_VALUE) {
      return fisher(canaryHits, canaryTotal, baselineHits, baselineTotal);
    }
    return zTest(canaryHits, canaryTotal, baselineHits, baselineTotal);
  }

  /** Fisher's exact test, one-sided: P(X >= canaryHits) for X hypergeometric with the table's margins. */
  static Result fisher(long canaryHits, long canaryTotal, long baselineHits, long baselineTotal) {
    int population = Math.toIntExact(canaryTotal + baselineTotal);
    int hits = Math.toIntExact(canaryHits + baselineHits);
    HypergeometricDistribution underNull =
        new HypergeometricDistribution(null, population, hits, Math.toIntExact(canaryTotal));
    return new Result(FISHER, canaryHits, Math.min(1, underNull.upperCumulativeProbability((int) canaryHits)));
  }

  /** The pooled two-proportion z-test, one-sided; no continuity correction. */
  static Result zTest(long canaryHits, long canaryTotal, long baselineHits, long baselineTotal) {
    double pooled = (double) (canaryHits + baselineHits) / (canaryTotal + baselineTotal);
    double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / canaryTotal + 1.0 / baselineTotal));
    if (standardError == 0) {
      // no hits at all, or nothing but hits: the proportions cannot differ
      return new Result(Z_TEST, 0, 1);
    }
    double z = ((double) canaryHits / canaryTotal - (double) baselineHits / baselineTotal) / standardError;
    // the lower tail at -z keeps precision for tiny p-values, where 1 - cdf(z) would round to 0
    return new Result(Z_TEST, z, STANDARD_NORMAL.cumulativeProbability(-z));
  }

  /** The smallest of the four expected counts under independence, each row total times column total over n. */
  static double minExpectedCount(long canaryHits, long canaryTotal, long baselineHits, long baselineTotal) {
    double total = canaryTotal + baselineTotal;
    double hits = canaryHits + baselineHits;
    double misses = total - hits;
    double smallerColumn = Math.min(hits, misses);
    double smallerRow = Math.min(canaryTotal, baselineTotal);
    return total == 0 ? 0 : smallerRow * smallerColumn / total;
  }
}
