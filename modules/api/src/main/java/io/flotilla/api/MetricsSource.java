package io.flotilla.api;

/**
 * Something that reports counters and gauges on {@code GET /metrics}, in the Prometheus text format (the server adds
 * the cloud's rate-limit and throttling counters).
 */
@FunctionalInterface
public interface MetricsSource {
  /** Appends this source's {@code # HELP}, {@code # TYPE} and sample lines. */
  void write(StringBuilder out);
}
