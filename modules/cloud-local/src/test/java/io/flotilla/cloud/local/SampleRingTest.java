package io.flotilla.cloud.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flotilla.cloud.EnvironmentMetrics;
import org.junit.jupiter.api.Test;

class SampleRingTest {
  @Test
  void readsTheHalfOpenWindowWithErrorsAndLatencies() {
    SampleRing ring = new SampleRing(100);
    ring.add(1_000, 200, 5, 0);
    ring.add(2_000, 503, 7, 0);
    ring.add(3_000, 200, 9, 0);

    EnvironmentMetrics metrics = ring.read("env", 1_000, 3_000, 0);

    assertEquals(2, metrics.requests());
    assertEquals(1, metrics.errors());
    assertArrayEquals(new double[] {5, 7}, metrics.latencySamplesMillis());
  }

  @Test
  void keepsAtMostItsCapacityDroppingTheOldest() {
    SampleRing ring = new SampleRing(1500);
    for (int i = 0; i < 4000; i++) {
      ring.add(i, 200, i, 0);
    }
    EnvironmentMetrics metrics = ring.read("env", 0, 10_000, 0);
    assertEquals(1500, metrics.requests());
    assertEquals(2500, metrics.latencySamplesMillis()[0]);
    assertEquals(3999, metrics.latencySamplesMillis()[1499]);
  }

  @Test
  void dropsSamplesOlderThanTheRetention() {
    SampleRing ring = new SampleRing(100);
    ring.add(1_000, 200, 1, 0);
    ring.add(5_000, 200, 2, 0);

    assertEquals(1, ring.read("env", 0, 10_000, 2_000).requests());
    assertEquals(1, ring.read("env", 0, 10_000, 0).requests());
  }
}
