package io.flotilla.judge;

import io.flotilla.model.AnalysisPolicy;
import io.flotilla.model.MetricCheck;
import io.flotilla.model.MetricType;
import io.flotilla.model.OnInconclusive;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How a simulated version behaves, like the local cloud's demo image: a 5xx rate and a log-normal latency fitted to
 * a median and a p99, optionally mixed with a slower mode for a share of requests.
 */
record Traffic(double errorRate, double median, double p99, double tailShare, double tailMedian, double tailP99) {
  private static final double Z99 = 2.3263478740408408;

  /** The demo catalog's good 1.x release: 0.1% errors, 20 ms median, 80 ms p99. */
  static final Traffic GOOD = new Traffic(0.001, 20, 80, 0, 0, 0);

  static final MetricCheck ERRORS = new MetricCheck("errors", MetricType.ERROR_RATE, 0.01, null, null, true);
  static final MetricCheck P99 = new MetricCheck("p99", MetricType.LATENCY, null, 99, 1.25, false);
  /** The spec defaults: errors (critical, +1 pp) and p99 (x1.25), at least 100 requests. */
  static final AnalysisPolicy POLICY = policy(100, ERRORS, P99);

  static AnalysisPolicy policy(int minRequests, MetricCheck... metrics) {
    return new AnalysisPolicy(Duration.ofMinutes(1), Duration.ofSeconds(30), minRequests, List.of(metrics), List.of(),
        OnInconclusive.HOLD);
  }

  Traffic withErrorRate(double rate) {
    return new Traffic(rate, median, p99, tailShare, tailMedian, tailP99);
  }

  Traffic withLatency(double median, double p99) {
    return new Traffic(errorRate, median, p99, tailShare, tailMedian, tailP99);
  }

  /** A share of requests drawn from a second, slower log-normal. */
  Traffic withTail(double share, double median, double p99) {
    return new Traffic(errorRate, this.median, this.p99, share, median, p99);
  }

  /** Every request's latency and whether it failed. */
  Sample sample(RandomGenerator random, int requests) {
    long errors = 0;
    double[] latencies = new double[requests];
    for (int i = 0; i < requests; i++) {
      if (random.nextDouble() < errorRate) {
        errors++;
      }
      latencies[i] = random.nextDouble() < tailShare
          ? logNormal(random, tailMedian, tailP99) : logNormal(random, median, p99);
    }
    return Sample.recorded(requests, errors, latencies);
  }

  private static double logNormal(RandomGenerator random, double median, double p99) {
    double sigma = Math.log(p99 / median) / Z99;
    return median * Math.exp(sigma * random.nextGaussian());
  }
}
