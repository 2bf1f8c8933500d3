package io.flotilla.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairwiseDifferencesTest {
  private final Random random = new Random(11);

  @Test
  void everyOrderStatisticMatchesSortingAllDifferences() {
    for (int round = 0; round < 20; round++) {
      double[] baseline = draw(1 + random.nextInt(60), round % 2 == 0);
      double[] canary = draw(1 + random.nextInt(60), round % 3 == 0);
      double[] all = allDifferences(baseline, canary);
      PairwiseDifferences differences = new PairwiseDifferences(SortedSample.of(baseline), SortedSample.of(canary));
      for (int k = 1; k <= all.length; k++) {
        assertEquals(all[k - 1], differences.kth(k), "k=" + k);
      }
    }
  }

  @Test
  void largeSamplesWithManyTiesAgreeWithSorting() {
    // whole milliseconds, as a coarse clock records them: the differences tie heavily
    double[] baseline = draw(1500, true);
    double[] canary = draw(1300, true);
    double[] all = allDifferences(baseline, canary);
    PairwiseDifferences differences = new PairwiseDifferences(SortedSample.of(baseline), SortedSample.of(canary));
    for (long k : new long[] {1, 2, 977, all.length / 2, all.length / 2 + 1, all.length - 5000, all.length}) {
      assertEquals(all[(int) k - 1], differences.kth(k), "k=" + k);
    }
    assertEquals(Arrays.stream(all).filter(d -> d <= 3).count(), differences.countAtMost(3));
  }

  @Test
  void findsOrderStatisticsOfTenBillionDifferencesWithoutListingThem() {
    double[] baseline = draw(100_000, false);
    double[] canary = draw(100_000, false);
    PairwiseDifferences differences = new PairwiseDifferences(SortedSample.of(baseline), SortedSample.of(canary));
    for (long k : new long[] {1, 4_999_000_000L, 5_000_000_000L, 10_000_000_000L}) {
      double value = differences.kth(k);
      assertTrue(differences.countAtMost(value) >= k, "at least k differences are <= the k-th");
      assertTrue(differences.countAtMost(Math.nextDown(value)) < k, "fewer than k are below it");
    }
  }

  private double[] draw(int size, boolean wholeMillis) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      double value = 20 * Math.exp(0.6 * random.nextGaussian());
      values[i] = wholeMillis ? Math.rint(value) : value;
    }
    return values;
  }

  private static double[] allDifferences(double[] baseline, double[] canary) {
    double[] all = new double[baseline.length * canary.length];
    int i = 0;
    for (double y : canary) {
      for (double x : baseline) {
        all[i++] = y - x;
      }
    }
    Arrays.sort(all);
    return all;
  }
}
