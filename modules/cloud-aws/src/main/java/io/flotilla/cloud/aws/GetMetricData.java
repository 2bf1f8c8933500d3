package io.flotilla.cloud.aws;

import io.flotilla.cloud.CloudException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * GetMetricData for up to 500 queries over one window, every page of it (following {@code NextToken}), as each
 * query's datapoints in time order. A query CloudWatch could not answer ({@code InternalError}, {@code Forbidden})
 * fails the whole call rather than reading as "no traffic".
 */
final class GetMetricData {
  static final int MAX_QUERIES = 500;

  /** One datapoint: the start of its period and the statistic's value there. */
  record Point(Instant at, double value) {}

  private GetMetricData() {}

  static CompletableFuture<Map<String, List<Point>>> run(AwsCalls calls, List<MetricDataQuery> queries, Instant start,
      Instant end) {
    return run(calls, queries, start, end, null);
  }

  /** As {@link #run(AwsCalls, List, Instant, Instant)}, with pages of at most {@code maxDatapoints} (null: AWS's). */
  static CompletableFuture<Map<String, List<Point>>> run(AwsCalls calls, List<MetricDataQuery> queries, Instant start,
      Instant end, Integer maxDatapoints) {
    if (queries.size() > MAX_QUERIES) {
      throw new IllegalArgumentException("GetMetricData takes at most " + MAX_QUERIES + " queries: " + queries.size());
    }
    Map<String, List<Point>> points = new LinkedHashMap<>();
    queries.forEach(query -> points.put(query.id(), new ArrayList<>()));
    GetMetricDataRequest first = GetMetricDataRequest.builder().metricDataQueries(queries).startTime(start)
        .endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING).maxDatapoints(maxDatapoints).build();
    return page(calls, first, points).thenApply(done -> {
      points.values().forEach(series -> series.sort(Comparator.comparing(Point::at)));
      return points;
    });
  }

  private static CompletableFuture<Map<String, List<Point>>> page(AwsCalls calls, GetMetricDataRequest request,
      Map<String, List<Point>> points) {
    return calls.cloudWatch(ApiFamily.CLOUDWATCH_METRICS, client -> client.getMetricData(request))
        .thenCompose(response -> {
          for (MetricDataResult result : response.metricDataResults()) {
            if (result.statusCode() == StatusCode.INTERNAL_ERROR || result.statusCode() == StatusCode.FORBIDDEN) {
              throw new CloudException("GetMetricData query " + result.id() + " answered " + result.statusCodeAsString()
                  + ": " + result.messages(), result.statusCode() == StatusCode.INTERNAL_ERROR);
            }
            List<Point> series = points.get(result.id());
            if (series != null) {
              for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
                series.add(new Point(result.timestamps().get(i), result.values().get(i)));
              }
            }
          }
          String next = response.nextToken();
          return next == null || next.isEmpty() || next.equals(request.nextToken())
              ? CompletableFuture.completedFuture(points)
              : page(calls, request.toBuilder().nextToken(next).build(), points);
        });
  }
}
