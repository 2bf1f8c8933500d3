package io.flotilla.cloud.local;

import io.flotilla.cloud.EnvironmentMetrics;
import java.util.Arrays;

/**
 * The requests one environment served, oldest first, in a ring that grows up to {@code capacity} and then overwrites
 * its oldest samples; samples older than the retention are dropped as new ones arrive or the ring is read. Parallel
 * primitive arrays keep a sample at 14 bytes.
 */
final class SampleRing {
  private static final int INITIAL = 1024;

  private final int capacity;
  private long[] times = new long[0];
  private float[] latencies = new float[0];
  private short[] statuses = new short[0];
  private int oldest;
  private int size;

  SampleRing(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(long epochMillis, int status, double latencyMillis, long retainFrom) {
    dropBefore(retainFrom);
    if (size == times.length && size < capacity) {
      grow();
    }
    int slot;
    if (size == times.length) {
      slot = oldest;
      oldest = (oldest + 1) % times.length;
    } else {
      slot = (oldest + size) % times.length;
      size++;
    }
    times[slot] = epochMillis;
    latencies[slot] = (float) latencyMillis;
    statuses[slot] = (short) status;
  }

  /** Requests in {@code [from, to)}: count, 5xx count and latencies. */
  synchronized EnvironmentMetrics read(String environmentId, long from, long to, long retainFrom) {
    dropBefore(retainFrom);
    long requests = 0;
    long errors = 0;
    double[] samples = new double[Math.min(size, 1024)];
    for (int i = 0; i < size; i++) {
      int slot = (oldest + i) % times.length;
      if (times[slot] < from || times[slot] >= to) {
        continue;
      }
      if (requests == samples.length) {
        samples = Arrays.copyOf(samples, samples.length * 2);
      }
      samples[(int) requests++] = latencies[slot];
      if (statuses[slot] >= 500) {
        errors++;
      }
    }
    return new EnvironmentMetrics(environmentId, requests, errors, Arrays.copyOf(samples, (int) requests));
  }

  private void dropBefore(long retainFrom) {
    while (size > 0 && times[oldest] < retainFrom) {
      oldest = (oldest + 1) % times.length;
      size--;
    }
  }

  private void grow() {
    int length = Math.min(capacity, Math.max(INITIAL, times.length * 2));
    long[] newTimes = new long[length];
    float[] newLatencies = new float[length];
    short[] newStatuses = new short[length];
    for (int i = 0; i < size; i++) {
      int slot = (oldest + i) % times.length;
      newTimes[i] = times[slot];
      newLatencies[i] = latencies[slot];
      newStatuses[i] = statuses[slot];
    }
    times = newTimes;
    latencies = newLatencies;
    statuses = newStatuses;
    oldest = 0;
  }
}
