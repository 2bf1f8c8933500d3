package io.flotilla.cloud.local;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Response latency of a demo version: a log-normal fitted to a median and a p99, optionally mixed with a slower
 * {@link Tail} mode that a given fraction of requests falls into (same median for most requests, heavier tail).
 */
public record LatencyDistribution(Duration median, Duration p99, Tail tail) {
  /** The standard normal quantile at 0.99: a log-normal's p99 is {@code exp(mu + Z99 * sigma)}. */
  private static final double Z99 = 2.3263478740408408;

  public static final LatencyDistribution NONE = new LatencyDistribution(Duration.ZERO, Duration.ZERO, null);

  public LatencyDistribution {
    Objects.requireNonNull(median, "median");
    Objects.requireNonNull(p99, "p99");
    if (median.isNegative() || p99.compareTo(median) < 0) {
      throw new IllegalArgumentException("latency needs 0 <= median <= p99, got " + median + " and " + p99);
    }
  }

  public static LatencyDistribution of(Duration median, Duration p99) {
    return new LatencyDistribution(median, p99, null);
  }

  /** A slower second mode: {@code probability} of requests draw from a log-normal with this median and p99. */
  public record Tail(double probability, Duration median, Duration p99) {
    public Tail {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("tail probability must be between 0 and 1, got " + probability);
      }
      if (median.isNegative() || p99.compareTo(median) < 0) {
        throw new IllegalArgumentException("tail needs 0 <= median <= p99, got " + median + " and " + p99);
      }
    }
  }

  /** Draws one latency in milliseconds. */
  public double sampleMillis(RandomGenerator random) {
    if (tail != null && random.nextDouble() < tail.probability()) {
      return logNormal(random, tail.median(), tail.p99());
    }
    return logNormal(random, median, p99);
  }

  private static double logNormal(RandomGenerator random, Duration median, Duration p99) {
    double medianMillis = median.toNanos() / 1e6;
    if (medianMillis <= 0) {
      return 0;
    }
    double sigma = Math.log(p99.toNanos() / 1e6 / medianMillis) / Z99;
    return medianMillis * Math.exp(sigma * random.nextGaussian());
  }
}
