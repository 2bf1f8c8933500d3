package io.flotilla.judge;

import java.util.Map;

/**
 * What one version served, as the metrics source reports it: request and 5xx counts, and latency either as every
 * request's latency in milliseconds ({@code latenciesMillis}, the local cloud's proxy records each one) or as
 * percentiles only ({@code percentilesMillis}, percentile 0..100 to milliseconds, as CloudWatch gives them). Callers
 * pass cumulative samples since the end of warmup, so the tests gain power with every interval.
 *
 * <p>{@code countsError} and {@code latencyError} say that the source failed to deliver that series (a timeout, a
 * throttled query); the metrics built on it are then classified {@code ERROR}, never as a failure of the version.
 * The judge never modifies {@code latenciesMillis}.
 */
public record Sample(
    long requests,
    long errors,
    double[] latenciesMillis,
    Map<Double, Double> percentilesMillis,
    String countsError,
    String latencyError) {
  public Sample {
    percentilesMillis = percentilesMillis == null ? null : Map.copyOf(percentilesMillis);
  }

  /** Counts plus every request's latency. */
  public static Sample recorded(long requests, long errors, double[] latenciesMillis) {
    return new Sample(requests, errors, latenciesMillis, null, null, null);
  }

  /** Counts plus latency percentiles only (percentile 0..100, e.g. 99.9, to milliseconds). */
  public static Sample percentiles(long requests, long errors, Map<Double, Double> percentilesMillis) {
    return new Sample(requests, errors, null, percentilesMillis, null, null);
  }

  /** Counts without any latency data. */
  public static Sample counts(long requests, long errors) {
    return new Sample(requests, errors, null, null, null, null);
  }

  /** The source delivered nothing for this version. */
  public static Sample failed(String reason) {
    return new Sample(0, 0, null, null, reason, reason);
  }

  /** This sample, with the latency series marked as failed at the source. */
  public Sample withLatencyError(String reason) {
    return new Sample(requests, errors, null, null, countsError, reason);
  }

  /** This sample, with the request/error counts marked as failed at the source. */
  public Sample withCountsError(String reason) {
    return new Sample(requests, errors, latenciesMillis, percentilesMillis, reason, latencyError);
  }

  /** Whether every request's latency is here (as opposed to percentiles only, or nothing). */
  public boolean hasRecordedLatencies() {
    return latenciesMillis != null;
  }
}
