package io.flotilla.judge;

import java.util.Arrays;

/**
 * Order statistics of the m&middot;n differences {@code canary[j] - baseline[i]} of two sorted samples, found without
 * forming them: a search on the value (interpolation, falling back to bisection), where counting the differences at
 * or below a value takes one O(m + n) merge walk, until few enough candidates remain to sort. A handful of walks per
 * order statistic, so 100,000 samples per side cost milliseconds where listing the m&middot;n differences would take
 * 10^10.
 */
final class PairwiseDifferences {
  /** Once the bracket holds at most this many differences they are listed and sorted. */
  private static final int ENUMERATE_BELOW = 1024;

  private final double[] baseline;
  private final double[] canary;

  PairwiseDifferences(SortedSample baseline, SortedSample canary) {
    this.baseline = baseline.values();
    this.canary = canary.values();
  }

  long size() {
    return (long) baseline.length * canary.length;
  }

  /**
   * How many differences are at most {@code t}. For one canary value the baselines that qualify form a suffix, and the
   * suffix only starts later for larger canary values, so one pointer serves the whole walk.
   */
  long countAtMost(double t) {
    long count = 0;
    int start = 0;
    for (double y : canary) {
      while (start < baseline.length && y - baseline[start] > t) {
        start++;
      }
      count += baseline.length - start;
    }
    return count;
  }

  /** The k-th smallest difference, 1-based. */
  double kth(long k) {
    if (k < 1 || k > size()) {
      throw new IllegalArgumentException("k must be in 1.." + size() + ", got " + k);
    }
    // invariant: countAtMost(low) < k <= countAtMost(high)
    double low = Math.nextDown(canary[0] - baseline[baseline.length - 1]);
    double high = canary[canary.length - 1] - baseline[0];
    long atLow = 0;
    long atHigh = size();
    boolean bisectNext = false;
    for (int step = 0; atHigh - atLow > ENUMERATE_BELOW; step++) {
      double width = high - low;
      double mid = bisectNext ? low / 2 + high / 2 : interpolate(k, step, low, high, atLow, atHigh);
      if (!(mid > low && mid < high)) {
        mid = low / 2 + high / 2;
        if (!(mid > low && mid < high)) {
          return high; // no double lies between, so every difference in (low, high] equals high
        }
      }
      long count = countAtMost(mid);
      if (count >= k) {
        high = mid;
        atHigh = count;
      } else {
        low = mid;
        atLow = count;
      }
      // a step that did not halve the bracket is followed by a bisection: never slower than bisection by more than 2x
      bisectNext = !bisectNext && high - low > width / 2;
    }
    double[] candidates = between(low, high, (int) (atHigh - atLow));
    Arrays.sort(candidates);
    return candidates[(int) (k - atLow - 1)];
  }

  /**
   * Where the k-th difference would lie if the differences were spread evenly over the bracket, aimed alternately a
   * little below and above it, so that two good guesses leave a bracket small enough to enumerate.
   */
  private static double interpolate(long k, int step, double low, double high, long atLow, long atHigh) {
    long aim = step % 2 == 0 ? k - ENUMERATE_BELOW / 4 : k + ENUMERATE_BELOW / 4;
    double target = Math.max(atLow + 1, Math.min(atHigh - 1, aim));
    return low + (high - low) * ((target - atLow) / (atHigh - atLow));
  }

  /** The median of the differences: the Hodges-Lehmann estimate of the shift. */
  double median() {
    long n = size();
    return n % 2 == 1 ? kth((n + 1) / 2) : (kth(n / 2) + kth(n / 2 + 1)) / 2;
  }

  /** The differences in (low, high], in no particular order. */
  private double[] between(double low, double high, int count) {
    double[] found = new double[count];
    int size = 0;
    int startHigh = 0;
    int startLow = 0;
    for (double y : canary) {
      while (startHigh < baseline.length && y - baseline[startHigh] > high) {
        startHigh++;
      }
      while (startLow < baseline.length && y - baseline[startLow] > low) {
        startLow++;
      }
      for (int i = startHigh; i < startLow; i++) {
        found[size++] = y - baseline[i];
      }
    }
    return found;
  }
}
