package io.flotilla.judge;

import static io.flotilla.judge.Traffic.GOOD;
import static io.flotilla.judge.Traffic.P99;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.model.MetricCheck;
import io.flotilla.model.MetricType;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyCheckTest {
  private final SplittableRandom random = new SplittableRandom(7);

  private static MetricResult classify(MetricCheck check, Sample baseline, Sample canary) {
    return new LatencyCheck(baseline, canary, 100, JudgeSettings.DEFAULT).classify(check);
  }

  @Test
  void aCanaryTwiceAsSlowIsHighOnItsShift() {
    MetricResult result = classify(P99, GOOD.sample(random, 6000), GOOD.withLatency(40, 160).sample(random, 6000));
    assertEquals(Classification.HIGH, result.classification());
    assertTrue(result.intervalLow() > 0.25 * 20, result.reason());
    assertTrue(result.reason().contains("above +"), result.reason());
    assertEquals(2.0, result.canaryValue() / result.baselineValue(), 0.2);
  }

  @Test
  void twiceTheP99WithTheSameMedianIsHighOnItsTail() {
    // the demo catalog's "*-slow": median 20 ms as before, p99 160 ms instead of 80 ms
    MetricResult result = classify(P99, GOOD.sample(random, 3000), GOOD.withLatency(20, 160).sample(random, 3000));
    assertEquals(Classification.HIGH, result.classification());
    assertTrue(result.intervalLow() < 0.25 * 20, "the shift alone would pass: " + result.reason());
    assertTrue(result.reason().contains("tail heavier"), result.reason());
  }

  @Test
  void fivePercentOfRequestsTenTimesSlowerIsHighThoughTheMedianHolds() {
    Traffic tail = GOOD.withTail(0.05, 200, 400);
    MetricResult result = classify(P99, GOOD.sample(random, 6000), tail.sample(random, 6000));
    assertEquals(Classification.HIGH, result.classification());
    assertTrue(result.intervalLow() < 0.25 * 20, "the shift alone would pass: " + result.reason());
  }

  @Test
  void aBimodalCanaryWithTheSameMedianIsHigh() {
    // half the requests faster, half slower: the median and the Hodges-Lehmann shift barely move
    Traffic bimodal = new Traffic(0.001, 12, 20, 0.5, 32, 50);
    MetricResult result = classify(P99, GOOD.withLatency(20, 30).sample(random, 6000), bimodal.sample(random, 6000));
    assertEquals(Classification.HIGH, result.classification(), result.reason());
  }

  @Test
  void aHeavierExtremeTailIsCaughtAtP999() {
    Traffic rareStalls = GOOD.withTail(0.004, 600, 900);
    MetricResult result = classify(P99, GOOD.sample(random, 20_000), rareStalls.sample(random, 20_000));
    assertEquals(Classification.HIGH, result.classification(), result.reason());
    assertTrue(result.reason().contains("tail p99.9"), result.reason());
  }

  @Test
  void theSameBehaviourPassesWithItsNumbers() {
    MetricResult result = classify(P99, GOOD.sample(random, 6000), GOOD.sample(random, 6000));
    assertEquals(Classification.PASS, result.classification());
    assertEquals("mann-whitney", result.test());
    assertEquals(6000L, result.canaryCount());
    assertTrue(result.intervalLow() < 0 && result.intervalHigh() > 0);
    assertTrue(result.reason().startsWith("p99: canary p99 "), result.reason());
  }

  @Test
  void aFasterCanaryIsLow() {
    MetricResult result = classify(P99, GOOD.sample(random, 6000), GOOD.withLatency(10, 40).sample(random, 6000));
    assertEquals(Classification.LOW, result.classification());
    assertTrue(result.reason().startsWith("p99: canary faster at p99 "), result.reason());
  }

  @Test
  void tinyAbsoluteDifferencesOnLoopbackAreNeverHigh() {
    Traffic loopback = GOOD.withLatency(0.2, 0.5);
    MetricResult result = classify(P99, loopback.sample(random, 6000), loopback.withLatency(0.4, 1.0)
        .sample(random, 6000));
    assertEquals(Classification.PASS, result.classification(), result.reason());
  }

  @Test
  void percentilesOnlyAreComparedByRatioAndSaySo() {
    Sample baseline = Sample.percentiles(5000, 5, Map.of(50.0, 20.0, 99.0, 80.0, 99.9, 120.0));
    Sample canary = Sample.percentiles(5000, 5, Map.of(50.0, 21.0, 99.0, 180.0, 99.9, 260.0));
    MetricResult result = classify(P99, baseline, canary);
    assertEquals(Classification.HIGH, result.classification());
    assertEquals(PercentileRatioCheck.TEST, result.test());
    assertNull(result.pValue());
    assertEquals("p99: canary p99 180 ms vs baseline 80.0 ms (x2.25 > x1.25); percentiles only, compared by ratio "
        + "without a rank test; n=5000/5000", result.reason());
  }

  @Test
  void percentilesOnlyCatchAHeavierTailAboveTheCheckPercentile() {
    Sample baseline = Sample.percentiles(5000, 5, Map.of(99.0, 80.0, 99.9, 120.0));
    Sample canary = Sample.percentiles(5000, 5, Map.of(99.0, 85.0, 99.9, 400.0));
    MetricResult result = classify(P99, baseline, canary);
    assertEquals(Classification.HIGH, result.classification());
    assertTrue(result.reason().contains("tail p99.9 400 ms vs 120 ms (x3.33 > x1.25)"), result.reason());
  }

  @Test
  void percentilesOnlyPassAndLow() {
    Sample baseline = Sample.percentiles(5000, 5, Map.of(99.0, 80.0));
    assertEquals(Classification.PASS,
        classify(P99, baseline, Sample.percentiles(5000, 5, Map.of(99.0, 90.0))).classification());
    assertEquals(Classification.LOW,
        classify(P99, baseline, Sample.percentiles(5000, 5, Map.of(99.0, 50.0))).classification());
  }

  @Test
  void aRecordedSideIsComparedWithAPercentileOnlySide() {
    Sample canary = Sample.percentiles(6000, 5, Map.of(99.0, 200.0));
    assertEquals(Classification.HIGH, classify(P99, GOOD.sample(random, 6000), canary).classification());
  }

  @Test
  void aMissingPercentileIsNoData() {
    Sample baseline = Sample.percentiles(5000, 5, Map.of(99.0, 80.0));
    MetricResult result = classify(P99, baseline, Sample.percentiles(5000, 5, Map.of(95.0, 60.0)));
    assertEquals(Classification.NO_DATA, result.classification());
    assertEquals("p99: the source gives no p99 for the canary", result.reason());
  }

  @Test
  void tooFewLatencySamplesIsNoData() {
    MetricResult result = classify(P99, GOOD.sample(random, 99), GOOD.sample(random, 5000));
    assertEquals(Classification.NO_DATA, result.classification());
  }

  @Test
  void anInvalidLatencyIsASourceError() {
    double[] latencies = GOOD.sample(random, 500).latenciesMillis();
    latencies[17] = Double.NaN;
    MetricResult result = classify(P99, GOOD.sample(random, 500), Sample.recorded(500, 0, latencies));
    assertEquals(Classification.ERROR, result.classification());
    assertEquals("p99: metrics source failed: canary latency samples hold an invalid value NaN", result.reason());
  }

  @Test
  void aMedianCheckAlsoWatchesTheTail() {
    MetricCheck p50 = new MetricCheck("p50", MetricType.LATENCY, null, 50, 1.25, false);
    MetricResult result = classify(p50, GOOD.sample(random, 6000), GOOD.withTail(0.05, 200, 400)
        .sample(random, 6000));
    assertEquals(Classification.HIGH, result.classification(), result.reason());
  }

  @Test
  void hugeSamplesAreThinnedForTheRankTestButKeepTheirPercentiles() {
    JudgeSettings settings = JudgeSettings.DEFAULT.withMaxRankSamples(2000);
    Sample baseline = GOOD.sample(random, 100_000);
    Sample canary = GOOD.withLatency(30, 120).sample(random, 100_000);
    MetricResult result = new LatencyCheck(baseline, canary, 100, settings).classify(P99);
    assertEquals(Classification.HIGH, result.classification());
    assertEquals(100_000L, result.canaryCount());
    assertEquals(10.0, result.estimate(), 1.0);
    assertTrue(result.reason().endsWith("n=100000/100000 (rank test on 2000/2000 evenly spaced order statistics)"),
        result.reason());
  }
}
