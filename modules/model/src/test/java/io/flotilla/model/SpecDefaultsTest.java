package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecDefaultsTest {
  @Test
  void aSpecWithOnlyNameAndImageGetsEveryDefault() {
    ServiceSpec expected = new ServiceSpec(
        "checkout", "default", "local", "local",
        new EndpointAddress("checkout.local", 0),
        "demo/checkout",
        new RuntimeSpec("t3.small", 2, 4, 8080, List.of(), Map.of(), new HealthCheck("/health", 10, 2)),
        new RolloutPolicy("canary-10-5m",
            List.of(new RolloutStep(10, Duration.ofMinutes(5)), new RolloutStep(100, Duration.ZERO)),
            false, Duration.ofMinutes(30), Duration.ofMinutes(20)),
        new AnalysisPolicy(Duration.ofMinutes(1), Duration.ofSeconds(30), 100,
            List.of(new MetricCheck("errors", MetricType.ERROR_RATE, 0.01, null, null, true),
                new MetricCheck("p99", MetricType.LATENCY, null, 99, 1.25, false)),
            List.of(), OnInconclusive.HOLD),
        new RetentionPolicy(Duration.ofHours(24), 2));
    assertEquals(expected, TestSpecs.read("{}"));
  }

  @Test
  void explicitNullsMeanDefaults() {
    ServiceSpec spec = TestSpecs.read("{team: null, runtime: null, rollout: {preset: null}, retention: null}");
    assertEquals(TestSpecs.read("{}"), spec);
  }

  @Test
  void maxInstancesDefaultsToFourOrMinInstancesWhenLarger() {
    assertEquals(4, TestSpecs.read("{runtime: {minInstances: 3}}").runtime().maxInstances());
    assertEquals(6, TestSpecs.read("{runtime: {minInstances: 6}}").runtime().maxInstances());
  }

  @Test
  void partialRuntimeKeepsDefaultsForItsOtherFields() {
    RuntimeSpec runtime = TestSpecs.read("{runtime: {port: 9000, healthCheck: {path: /ping}}}").runtime();
    assertEquals(new RuntimeSpec("t3.small", 2, 4, 9000, List.of(), Map.of(), new HealthCheck("/ping", 10, 2)),
        runtime);
  }

  @Test
  void partialEndpointKeepsTheDefaultHost() {
    assertEquals(new EndpointAddress("checkout.local", 80), TestSpecs.read("{endpoint: {port: 80}}").endpoint());
  }

  @Test
  void rolloutWithoutPresetOrStepsUsesTheDefaultPreset() {
    RolloutPolicy rollout = TestSpecs.read("{rollout: {preview: true}}").rollout();
    assertEquals("canary-10-5m", rollout.preset());
    assertEquals(RolloutPresets.expand("canary-10-5m"), rollout.steps());
    assertEquals(true, rollout.preview());
  }

  @Test
  void explicitStepsLeaveNoPresetAndDefaultHoldsToZero() {
    RolloutPolicy rollout = TestSpecs.read("{rollout: {steps: [{weight: 20, hold: 1m}, {weight: 100}]}}").rollout();
    assertEquals(null, rollout.preset());
    assertEquals(List.of(new RolloutStep(20, Duration.ofMinutes(1)), new RolloutStep(100, Duration.ZERO)),
        rollout.steps());
  }

  @Test
  void anEmptyMetricsListMeansNoMetricsNotTheDefaults() {
    assertEquals(List.of(), TestSpecs.read("{analysis: {metrics: []}}").analysis().metrics());
  }

  @Test
  void metricsAreNotCriticalUnlessSaid() {
    MetricCheck metric = TestSpecs.read("{analysis: {metrics: [{name: p95, type: latency, percentile: 95, "
        + "maxRatio: 1.5}]}}").analysis().metrics().get(0);
    assertEquals(false, metric.critical());
  }

  @Test
  void partialRetentionKeepsTheOtherDefault() {
    assertEquals(new RetentionPolicy(Duration.ofMinutes(10), 2),
        TestSpecs.read("{retention: {keepPreviousFor: 10m}}").retention());
  }

  @Test
  void theDefaultsClassDescribesWhatTheReaderFillsIn() {
    ServiceSpec spec = TestSpecs.read("{}");
    assertEquals(SpecDefaults.endpoint("checkout"), spec.endpoint());
    assertEquals(SpecDefaults.HEALTH_CHECK, spec.runtime().healthCheck());
    assertEquals(SpecDefaults.METRICS, spec.analysis().metrics());
    assertEquals(SpecDefaults.KEEP_PREVIOUS_FOR, spec.retention().keepPreviousFor());
  }
}
