package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.aws.GetMetricData.Point;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Merges the metric reads of one (account, region) that arrive within a short window into as few GetMetricData
 * calls as possible: the first read starts the window, and when it closes everything queued goes out in calls of up
 * to 500 queries. The readers' time windows differ (each release compares since its own warmup), so every query asks
 * for one-minute datapoints over the union of the windows in its call, and each reader gets back only the minutes
 * that overlap its own window. A failed call fails exactly the reads that had a query in it.
 */
final class MetricBatcher {
  /** The period of every query: the resolution of the load balancer's metrics. */
  static final Duration PERIOD = Duration.ofMinutes(1);

  /** One metric and the statistic wanted of it ({@code Sum}, {@code p99}, ...). */
  record Query(Metric metric, String stat) {}

  private record Slot(Read read, int index) {}

  private final AwsClientProvider provider;
  private final Duration window;
  private final Map<Placement, List<Read>> pending = new HashMap<>();

  MetricBatcher(AwsClientProvider provider, Duration window) {
    this.provider = provider;
    this.window = window;
  }

  /**
   * The one-minute datapoints of each query (in the order given) that overlap {@code [from, to)}, read together with
   * whatever else is asked of this placement within the batching window. {@code placement} must be canonical.
   */
  CompletableFuture<List<List<Point>>> read(Placement placement, List<Query> queries, Instant from, Instant to) {
    if (queries.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    Read read = new Read(queries, from, to);
    boolean opensWindow;
    synchronized (pending) {
      List<Read> queued = pending.computeIfAbsent(placement, key -> new ArrayList<>());
      opensWindow = queued.isEmpty();
      queued.add(read);
    }
    if (opensWindow) {
      CompletableFuture.delayedExecutor(window.toNanos(), TimeUnit.NANOSECONDS).execute(() -> flush(placement));
    }
    return read.result;
  }

  private void flush(Placement placement) {
    List<Read> reads;
    synchronized (pending) {
      reads = pending.remove(placement);
    }
    List<Slot> slots = new ArrayList<>();
    reads.forEach(read -> {
      for (int i = 0; i < read.queries.size(); i++) {
        slots.add(new Slot(read, i));
      }
    });
    try {
      AwsCalls calls = provider.calls(placement, CallPriority.READ);
      for (int start = 0; start < slots.size(); start += GetMetricData.MAX_QUERIES) {
        call(calls, slots.subList(start, Math.min(slots.size(), start + GetMetricData.MAX_QUERIES)));
      }
    } catch (RuntimeException e) {
      reads.forEach(read -> read.fail(e));
    }
  }

  private static void call(AwsCalls calls, List<Slot> chunk) {
    List<MetricDataQuery> queries = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      Query query = chunk.get(i).read().queries.get(chunk.get(i).index());
      queries.add(MetricDataQuery.builder().id("q" + i).returnData(true).metricStat(MetricStat.builder()
          .metric(query.metric()).stat(query.stat()).period((int) PERIOD.toSeconds()).build()).build());
    }
    Instant start = chunk.stream().map(slot -> slot.read().from).min(Comparator.naturalOrder()).orElseThrow()
        .truncatedTo(ChronoUnit.MINUTES);
    Instant end = chunk.stream().map(slot -> slot.read().to).max(Comparator.naturalOrder()).orElseThrow();
    GetMetricData.run(calls, queries, start, end).whenComplete((series, failure) -> {
      for (int i = 0; i < chunk.size(); i++) {
        Slot slot = chunk.get(i);
        if (failure != null) {
          slot.read().fail(failure);
        } else {
          slot.read().deliver(slot.index(), series.getOrDefault("q" + i, List.of()));
        }
      }
    });
  }

  /** One caller's queries, window and result, filled in as the calls holding its queries answer. */
  private static final class Read {
    final List<Query> queries;
    final Instant from;
    final Instant to;
    final CompletableFuture<List<List<Point>>> result = new CompletableFuture<>();
    private final List<List<Point>> series;
    private int remaining;

    Read(List<Query> queries, Instant from, Instant to) {
      this.queries = List.copyOf(queries);
      this.from = from;
      this.to = to;
      this.series = new ArrayList<>(Collections.nCopies(queries.size(), List.<Point>of()));
      this.remaining = queries.size();
    }

    synchronized void deliver(int index, List<Point> points) {
      series.set(index, points.stream()
          .filter(point -> point.at().isBefore(to) && point.at().plus(PERIOD).isAfter(from)).toList());
      if (--remaining == 0) {
        result.complete(List.copyOf(series));
      }
    }

    void fail(Throwable failure) {
      result.completeExceptionally(failure);
    }
  }
}
