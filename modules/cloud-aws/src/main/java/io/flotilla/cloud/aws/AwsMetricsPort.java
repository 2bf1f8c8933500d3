package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.MetricsPort;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.aws.GetMetricData.Point;
import io.flotilla.cloud.aws.MetricBatcher.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * An environment's traffic as its load balancer reports it to CloudWatch ({@code AWS/ApplicationELB}, per target
 * group and load balancer): {@code RequestCount} and {@code HTTPCode_Target_5XX_Count} summed over the window, and
 * {@code TargetResponseTime} p50, p90 and p99 in milliseconds. The load balancer's own 5xx cannot be told apart by
 * target group, so they are not counted. Reads of all endpoints of an (account, region) are merged into shared
 * GetMetricData calls by a {@link MetricBatcher}. The target group and load balancer of an environment are found by
 * the target group's deterministic name and kept; an environment whose target group is missing or in no load
 * balancer (it never served) reads as zero traffic and is looked up again next time.
 *
 * <p>Latency: AWS gives percentiles only, so they come back as {@code latencyPercentilesMillis} (50, 90 and 99); the
 * window's value of each is the request-weighted mean of its one-minute values (batching needs one-minute periods,
 * and percentiles of different minutes cannot be merged exactly). The judge compares them as percentile ratios.
 */
public final class AwsMetricsPort implements MetricsPort {
  public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofMillis(50);
  private static final String NAMESPACE = "AWS/ApplicationELB";
  private static final List<String> PERCENTILES = List.of("p50", "p90", "p99");
  private static final int MAX_CACHED = 10_000;

  /** The CloudWatch dimensions of one environment's target group: the ARN suffixes of the group and its balancer. */
  private record Dimensions(String targetGroup, String loadBalancer) {}

  private record Key(Placement placement, String environmentId) {}

  private final AwsClientProvider provider;
  private final MetricBatcher batcher;
  private final Map<Key, Dimensions> dimensions = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Dimensions> eldest) {
      return size() > MAX_CACHED;
    }
  });

  public AwsMetricsPort(AwsClientProvider provider) {
    this(provider, DEFAULT_BATCH_WINDOW);
  }

  /** Reads of one (account, region) arriving within {@code batchWindow} of the first go out together. */
  public AwsMetricsPort(AwsClientProvider provider, Duration batchWindow) {
    this.provider = provider;
    this.batcher = new MetricBatcher(provider, batchWindow);
  }

  @Override
  public CompletionStage<Map<String, EnvironmentMetrics>> read(
      EndpointRef endpoint, Set<String> environmentIds, Instant from, Instant to) {
    return AwsErrors.translated("read metrics of " + endpoint.service(), CompletableFuture.supplyAsync(() -> {
      Placement placement = provider.canonical(endpoint.placement());
      List<String> ids = List.copyOf(environmentIds);
      if (ids.isEmpty() || !from.isBefore(to)) {
        return CompletableFuture.completedFuture(assemble(ids, Map.of(), List.of()));
      }
      return dimensionsOf(placement, ids).thenCompose(found -> {
        List<Query> queries = new ArrayList<>();
        ids.stream().filter(found::containsKey).forEach(id -> queries.addAll(queries(found.get(id))));
        return batcher.read(placement, queries, from, to).thenApply(series -> assemble(ids, found, series));
      });
    }).thenCompose(stage -> stage));
  }

  private CompletionStage<Map<String, Dimensions>> dimensionsOf(Placement placement, List<String> ids) {
    Map<String, Dimensions> found = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      Dimensions known = dimensions.get(new Key(placement, id));
      if (known == null) {
        missing.add(id);
      } else {
        found.put(id, known);
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(found);
    }
    List<String> names = missing.stream().map(AwsNames::targetGroup).toList();
    return FindTargetGroups.run(provider.calls(placement, CallPriority.READ), names).thenApply(groups -> {
      for (String id : missing) {
        TargetGroup group = groups.get(AwsNames.targetGroup(id));
        if (group != null && !group.loadBalancerArns().isEmpty()) {
          Dimensions dimension = new Dimensions(group.targetGroupArn().substring(
              group.targetGroupArn().lastIndexOf(':') + 1), loadBalancerSuffix(group.loadBalancerArns().get(0)));
          dimensions.put(new Key(placement, id), dimension);
          found.put(id, dimension);
        }
      }
      return found;
    });
  }

  /** The queries of one environment, in the order {@link #environment} reads them back. */
  private static List<Query> queries(Dimensions dimension) {
    List<Query> out = new ArrayList<>();
    out.add(new Query(metric("RequestCount", dimension), "Sum"));
    out.add(new Query(metric("HTTPCode_Target_5XX_Count", dimension), "Sum"));
    PERCENTILES.forEach(percentile -> out.add(new Query(metric("TargetResponseTime", dimension), percentile)));
    return out;
  }

  private static Map<String, EnvironmentMetrics> assemble(List<String> ids, Map<String, Dimensions> found,
      List<List<Point>> series) {
    Map<String, EnvironmentMetrics> out = new LinkedHashMap<>();
    int next = 0;
    for (String id : ids) {
      if (found.containsKey(id)) {
        int size = PERCENTILES.size() + 2;
        out.put(id, environment(id, series.subList(next, next + size)));
        next += size;
      } else {
        out.put(id, new EnvironmentMetrics(id, 0, 0, new double[0]));
      }
    }
    return out;
  }

  private static EnvironmentMetrics environment(String id, List<List<Point>> series) {
    List<Point> requests = series.get(0);
    Map<Instant, Double> requestsAt = new HashMap<>();
    requests.forEach(point -> requestsAt.merge(point.at(), point.value(), Double::sum));
    Map<Double, Double> latencies = new TreeMap<>();
    for (int index = 2; index < series.size(); index++) {
      List<Point> percentile = series.get(index);
      double weighted = 0;
      double weights = 0;
      double plain = 0;
      for (Point point : percentile) {
        double weight = requestsAt.getOrDefault(point.at(), 0.0);
        weighted += weight * point.value();
        weights += weight;
        plain += point.value();
      }
      if (!percentile.isEmpty()) {
        double seconds = weights > 0 ? weighted / weights : plain / percentile.size();
        latencies.put(Double.parseDouble(PERCENTILES.get(index - 2).substring(1)), seconds * 1000);
      }
    }
    return new EnvironmentMetrics(id, Math.round(sum(requests)), Math.round(sum(series.get(1))), new double[0],
        latencies);
  }

  private static double sum(List<Point> points) {
    return points.stream().mapToDouble(Point::value).sum();
  }

  private static Metric metric(String name, Dimensions dimension) {
    return Metric.builder().namespace(NAMESPACE).metricName(name).dimensions(
        Dimension.builder().name("TargetGroup").value(dimension.targetGroup()).build(),
        Dimension.builder().name("LoadBalancer").value(dimension.loadBalancer()).build()).build();
  }

  private static String loadBalancerSuffix(String arn) {
    String marker = ":loadbalancer/";
    return arn.substring(arn.indexOf(marker) + marker.length());
  }
}
