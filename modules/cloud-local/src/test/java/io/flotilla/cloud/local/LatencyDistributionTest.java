package io.flotilla.cloud.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyDistributionTest {
  private static final int SAMPLES = 200_000;

  @Test
  void logNormalHitsItsMedianAndP99() {
    double[] samples = draw(LatencyDistribution.of(Duration.ofMillis(20), Duration.ofMillis(80)));
    assertEquals(20, percentile(samples, 0.50), 0.6);
    assertEquals(80, percentile(samples, 0.99), 5);
  }

  @Test
  void tailKeepsTheMedianButWidensP99() {
    LatencyDistribution body = LatencyDistribution.of(Duration.ofMillis(20), Duration.ofMillis(80));
    LatencyDistribution tailed = new LatencyDistribution(Duration.ofMillis(20), Duration.ofMillis(80),
        new LatencyDistribution.Tail(0.05, Duration.ofMillis(400), Duration.ofMillis(900)));
    double[] plain = draw(body);
    double[] heavy = draw(tailed);
    assertEquals(percentile(plain, 0.5), percentile(heavy, 0.5), 2);
    assertTrue(percentile(heavy, 0.99) > 3 * percentile(plain, 0.99));
  }

  @Test
  void equalMedianAndP99IsConstant() {
    double[] samples = draw(LatencyDistribution.of(Duration.ofMillis(7), Duration.ofMillis(7)));
    assertEquals(7, samples[0], 1e-9);
    assertEquals(7, samples[samples.length - 1], 1e-9);
  }

  private static double[] draw(LatencyDistribution distribution) {
    SplittableRandom random = new SplittableRandom(42);
    double[] samples = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      samples[i] = distribution.sampleMillis(random);
    }
    Arrays.sort(samples);
    return samples;
  }

  private static double percentile(double[] sorted, double quantile) {
    return sorted[(int) Math.floor(quantile * (sorted.length - 1))];
  }
}
