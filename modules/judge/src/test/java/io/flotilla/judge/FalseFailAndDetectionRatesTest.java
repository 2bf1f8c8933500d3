package io.flotilla.judge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.model.AnalysisPolicy;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * A statistical sanity check at the benchmark's size: 60 s at 100 req/s per version is 6,000 requests each. Good
 * releases (canary = baseline) must almost never fail; +1 percentage point of errors must mostly be caught. The
 * rates are printed; the assertions leave room for sampling noise (over 1,000 runs a 0.3% rate has a standard error
 * of about 0.17%). No timing is asserted.
 */
class FalseFailAndDetectionRatesTest {
  private static final int RUNS = 1000;
  private static final int REQUESTS = 6000;
  private static final AnalysisPolicy ERRORS_ONLY = Traffic.policy(100, Traffic.ERRORS);

  @Test
  void goodReleasesAlmostNeverFailOnEitherMetric() {
    Traffic good = Traffic.GOOD.withErrorRate(0.01);
    long fails = IntStream.range(0, RUNS).parallel().filter(run -> {
      // a seed per run, so that the rate does not depend on scheduling
      SplittableRandom random = new SplittableRandom(1_000_003L + run);
      Judgement judgement = Judge.judge(Traffic.POLICY, good.sample(random, REQUESTS), good.sample(random, REQUESTS));
      return judgement.verdict() == Verdict.FAIL;
    }).count();
    System.out.printf("false FAIL, errors 1%% and p99 both sides, %d requests each: %.1f%% of %d%n", REQUESTS,
        100.0 * fails / RUNS, RUNS);
    assertTrue(fails < RUNS / 100);
  }

  @Test
  void onePointMoreErrorsIsMostlyCaughtWithinAMinute() {
    RandomGenerator random = new Well19937c(2);
    double goodFails = errorFailRate(random, 0.001, 0.001);
    double detected = errorFailRate(random, 0.01, 0.02);
    double demoDetected = errorFailRate(random, 0.001, 0.011);
    System.out.printf("errors at %d requests per version, %d runs each:%n", REQUESTS, RUNS);
    System.out.printf("  false FAIL, 0.1%% both sides:       %.1f%%%n", 100 * goodFails);
    System.out.printf("  +1 pp detected, 1%% -> 2%%:          %.1f%%%n", 100 * detected);
    System.out.printf("  +1 pp detected, 0.1%% -> 1.1%%:      %.1f%%%n", 100 * demoDetected);
    assertTrue(goodFails < 0.01);
    assertTrue(detected > 0.8);
    assertTrue(demoDetected > 0.99);
  }

  @Test
  void lookingAgainEveryMinuteAtCumulativeCountsKeepsGoodReleasesSafe() {
    RandomGenerator random = new Well19937c(5);
    int releases = 2000;
    int minutes = 10;
    int failed = 0;
    int caughtAtFirstLook = 0;
    int caughtBySecondLook = 0;
    for (int release = 0; release < releases; release++) {
      failed += firstFailingMinute(random, 0.01, 0.01, minutes) > 0 ? 1 : 0;
      int minute = firstFailingMinute(random, 0.01, 0.02, minutes);
      caughtAtFirstLook += minute == 1 ? 1 : 0;
      caughtBySecondLook += minute >= 1 && minute <= 2 ? 1 : 0;
    }
    System.out.printf("cumulative looks every 60 s for %d minutes, %d releases, 1%% baseline errors:%n", minutes,
        releases);
    System.out.printf("  good releases failed at any look:   %.2f%%%n", 100.0 * failed / releases);
    System.out.printf("  +1 pp caught at the first look:     %.1f%%%n", 100.0 * caughtAtFirstLook / releases);
    System.out.printf("  +1 pp caught by the second look:    %.1f%%%n", 100.0 * caughtBySecondLook / releases);
    assertTrue(failed < releases / 100);
    assertTrue(caughtBySecondLook > releases * 0.95);
  }

  private static double errorFailRate(RandomGenerator random, double baselineRate, double canaryRate) {
    int fails = 0;
    for (int run = 0; run < RUNS; run++) {
      Judgement judgement = Judge.judge(ERRORS_ONLY, Sample.counts(REQUESTS, errors(random, baselineRate)),
          Sample.counts(REQUESTS, errors(random, canaryRate)));
      fails += judgement.verdict() == Verdict.FAIL ? 1 : 0;
    }
    return (double) fails / RUNS;
  }

  /** The first minute (1-based) at which the cumulative error counts fail, or 0 when none does. */
  private static int firstFailingMinute(RandomGenerator random, double baselineRate, double canaryRate, int minutes) {
    long baselineErrors = 0;
    long canaryErrors = 0;
    for (int minute = 1; minute <= minutes; minute++) {
      baselineErrors += errors(random, baselineRate);
      canaryErrors += errors(random, canaryRate);
      long requests = (long) minute * REQUESTS;
      Judgement judgement = Judge.judge(ERRORS_ONLY, Sample.counts(requests, baselineErrors),
          Sample.counts(requests, canaryErrors));
      if (judgement.verdict() == Verdict.FAIL) {
        return minute;
      }
    }
    return 0;
  }

  private static long errors(RandomGenerator random, double rate) {
    return new BinomialDistribution(random, REQUESTS, rate).sample();
  }
}
