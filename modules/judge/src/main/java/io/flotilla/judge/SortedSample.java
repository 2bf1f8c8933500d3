package io.flotilla.judge;

import java.util.Arrays;

/**
 * One version's latencies, sorted once, with the order-statistic queries the latency check needs. Percentiles use
 * linear interpolation between order statistics (Hyndman and Fan type 7, R's default {@code quantile}).
 */
final class SortedSample {
  private final double[] values;

  private SortedSample(double[] sortedValues) {
    this.values = sortedValues;
  }

  /** Sorts a copy; the caller's array stays as it was. */
  static SortedSample of(double[] latencies) {
    double[] copy = latencies.clone();
    Arrays.sort(copy);
    return new SortedSample(copy);
  }

  /** Both samples together, merged in one pass. */
  static SortedSample pooled(SortedSample first, SortedSample second) {
    double[] a = first.values;
    double[] b = second.values;
    double[] merged = new double[a.length + b.length];
    int i = 0;
    int j = 0;
    for (int k = 0; k < merged.length; k++) {
      merged[k] = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    }
    return new SortedSample(merged);
  }

  int size() {
    return values.length;
  }

  double[] values() {
    return values;
  }

  /** The percentile (0..100) by type-7 interpolation. */
  double percentile(double level) {
    double position = (values.length - 1) * level / 100;
    int below = (int) Math.floor(position);
    if (below >= values.length - 1) {
      return values[values.length - 1];
    }
    return values[below] + (position - below) * (values[below + 1] - values[below]);
  }

  double median() {
    return percentile(50);
  }

  /** How many values are strictly greater than {@code threshold}. */
  long countAbove(double threshold) {
    int low = 0;
    int high = values.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (values[mid] <= threshold) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return values.length - low;
  }

  /**
   * At most {@code max} evenly spaced order statistics (the midpoints of {@code max} equal slices), so that rank
   * computations stay bounded on huge samples while the empirical distribution is kept; deterministic.
   */
  SortedSample thinned(int max) {
    if (values.length <= max) {
      return this;
    }
    double[] kept = new double[max];
    for (int i = 0; i < max; i++) {
      kept[i] = values[(int) (((2L * i + 1) * values.length) / (2L * max))];
    }
    return new SortedSample(kept);
  }

  /** The first value that is NaN, infinite or negative, or null when all are valid latencies. */
  static Double firstInvalid(double[] latencies) {
    for (double value : latencies) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        return value;
      }
    }
    return null;
  }
}
