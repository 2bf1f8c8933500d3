package io.flotilla.cloud.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts, from the SDK's own metrics, the attempts AWS answered with throttling, per operation. The SDK retries those
 * with backoff; they never fail a release, but a rising count says a rate limit is set too high.
 */
final class ThrottleCounter implements MetricPublisher {
  private static final String THROTTLING = "Throttling";
  private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  @Override
  public void publish(MetricCollection metrics) {
    List<String> operations = metrics.metricValues(CoreMetric.OPERATION_NAME);
    String operation = operations.isEmpty() ? "?" : operations.get(0);
    count(metrics, operation);
  }

  private void count(MetricCollection metrics, String operation) {
    for (String errorType : metrics.metricValues(CoreMetric.ERROR_TYPE)) {
      if (THROTTLING.equals(errorType)) {
        total.increment();
        byOperation.computeIfAbsent(operation, key -> new LongAdder()).increment();
      }
    }
    metrics.children().forEach(child -> count(child, operation));
  }

  long total() {
    return total.sum();
  }

  Map<String, Long> byOperation() {
    Map<String, Long> out = new java.util.TreeMap<>();
    byOperation.forEach((operation, count) -> out.put(operation, count.sum()));
    return out;
  }

  @Override
  public void close() {}
}
