package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.HOME;
import static io.flotilla.cloud.aws.AwsFakeFixture.REGION;
import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.model.EndpointAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

class AwsMetricsPortTest {
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
  private static final Instant FROM = T0.plusSeconds(15);
  private static final Instant TO = T0.plus(Duration.ofMinutes(2));
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ZERO);
  private final String loadBalancer = aws.fake.createLoadBalancer(HOME, REGION, "metrics-alb");
  private final EndpointRef shop = endpoint("shop", 8081);
  private final EndpointRef cart = endpoint("cart", 8082);

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void readsRequestsErrorsAndPercentilesOfEachEnvironmentOfTwoEndpointsInOneCall() {
    Map<String, String> shopGroups = attach(8081, "shop-1.0.0-r1", "shop-2.0.0-r1");
    Map<String, String> cartGroups = attach(8082, "cart-1.0.0-r1", "cart-2.0.0-r1");
    record(shopGroups.get("shop-1.0.0-r1"), T0, 600, 3, range(1, 100));
    record(shopGroups.get("shop-1.0.0-r1"), T0.plus(Duration.ofMinutes(1)), 400, 1, range(1, 100));
    record(shopGroups.get("shop-1.0.0-r1"), T0.minus(Duration.ofMinutes(5)), 999, 99, 5000);
    record(shopGroups.get("shop-1.0.0-r1"), TO, 999, 99, 5000);
    record(shopGroups.get("shop-2.0.0-r1"), T0, 100, 5, range(1, 100));
    record(shopGroups.get("shop-2.0.0-r1"), T0.plus(Duration.ofMinutes(1)), 300, 0, range(101, 200));
    record(cartGroups.get("cart-1.0.0-r1"), T0.plus(Duration.ofMinutes(1)), 50, 0, range(201, 300));
    record(cartGroups.get("cart-2.0.0-r1"), T0, 70, 7, IntStream.rangeClosed(1, 100).mapToDouble(i -> 2 * i).toArray());
    AwsMetricsPort metrics = new AwsMetricsPort(aws.provider, Duration.ofSeconds(1));

    CompletionStage<Map<String, EnvironmentMetrics>> shopRead =
        metrics.read(shop, Set.of("shop-1.0.0-r1", "shop-2.0.0-r1", "shop-9.9.9-r1"), FROM, TO);
    CompletionStage<Map<String, EnvironmentMetrics>> cartRead =
        metrics.read(cart, Set.of("cart-1.0.0-r1", "cart-2.0.0-r1"), FROM, TO);
    Map<String, EnvironmentMetrics> shopMetrics = await(shopRead);
    Map<String, EnvironmentMetrics> cartMetrics = await(cartRead);

    assertEquals(Set.of("shop-1.0.0-r1", "shop-2.0.0-r1", "shop-9.9.9-r1"), shopMetrics.keySet());
    assertMetrics(shopMetrics.get("shop-1.0.0-r1"), 1000, 4, 50, 90, 99);
    // p50 of 50 ms over 100 requests and 150 ms over 300: weighted by requests, 125 ms
    assertMetrics(shopMetrics.get("shop-2.0.0-r1"), 400, 5, 125, 165, 174);
    assertMetrics(shopMetrics.get("shop-9.9.9-r1"), 0, 0);
    assertEquals(Set.of("cart-1.0.0-r1", "cart-2.0.0-r1"), cartMetrics.keySet());
    assertMetrics(cartMetrics.get("cart-1.0.0-r1"), 50, 0, 250, 290, 299);
    assertMetrics(cartMetrics.get("cart-2.0.0-r1"), 70, 7, 100, 180, 198);
    assertEquals(1, aws.fake.faults().calls("GetMetricData"));
  }

  @Test
  void throttledGetMetricDataIsRetriedByTheSdk() {
    Map<String, String> groups = attach(8081, "shop-1.0.0-r1");
    record(groups.get("shop-1.0.0-r1"), T0, 120, 2, 10, 20, 30);
    aws.fake.faults().throttleNext("GetMetricData", 2);

    Map<String, EnvironmentMetrics> read = await(aws.metrics.read(shop, Set.of("shop-1.0.0-r1"), FROM, TO));

    assertMetrics(read.get("shop-1.0.0-r1"), 120, 2, 20, 30, 30);
    assertEquals(3, aws.fake.faults().calls("GetMetricData"));
  }

  @Test
  void moreThan500QueriesFromManyEndpointsAreSplitIntoSeveralCalls() {
    int endpoints = 21;
    List<EndpointRef> refs = new ArrayList<>();
    List<List<String>> ids = new ArrayList<>();
    List<CompletableFuture<Map<String, String>>> attached = new ArrayList<>();
    for (int e = 0; e < endpoints; e++) {
      List<String> environments = new ArrayList<>();
      for (int v = 0; v < 5; v++) {
        environments.add("svc" + e + "-" + v + ".0.0-r1");
      }
      attached.add(attachAsync(9000 + e, environments.toArray(String[]::new)));
      refs.add(endpoint("svc" + e, 9000 + e));
      ids.add(environments);
    }
    for (int e = 0; e < endpoints; e++) {
      Map<String, String> groups = await(attached.get(e));
      for (int v = 0; v < 5; v++) {
        record(groups.get(ids.get(e).get(v)), T0, 100L * e + v, v, 10 + v);
      }
    }
    AwsMetricsPort metrics = new AwsMetricsPort(aws.provider, Duration.ofSeconds(2));

    List<CompletionStage<Map<String, EnvironmentMetrics>>> reads =
        IntStream.range(0, endpoints).mapToObj(e -> metrics.read(refs.get(e), Set.copyOf(ids.get(e)), FROM, TO))
            .toList();

    for (int e = 0; e < endpoints; e++) {
      Map<String, EnvironmentMetrics> read = await(reads.get(e));
      for (int v = 0; v < 5; v++) {
        assertMetrics(read.get("svc" + e + "-" + v + ".0.0-r1"), 100L * e + v, v, 10 + v, 10 + v, 10 + v);
      }
    }
    // 21 endpoints x 5 environments x 5 queries = 525 queries
    assertEquals(2, aws.fake.faults().calls("GetMetricData"));
  }

  @Test
  void targetGroupsAreLookedUpOnceAndRemembered() {
    Map<String, String> groups = attach(8081, "shop-1.0.0-r1");
    record(groups.get("shop-1.0.0-r1"), T0, 10, 0, 5);
    int before = aws.fake.faults().calls("DescribeTargetGroups");

    await(aws.metrics.read(shop, Set.of("shop-1.0.0-r1"), FROM, TO));
    EnvironmentMetrics again = await(aws.metrics.read(shop, Set.of("shop-1.0.0-r1"), FROM, TO)).get("shop-1.0.0-r1");

    assertMetrics(again, 10, 0, 5, 5, 5);
    assertEquals(1, aws.fake.faults().calls("DescribeTargetGroups") - before);
  }

  @Test
  void unreadableMetricsSurfaceAsRetryableCloudException() {
    attach(8081, "shop-1.0.0-r1");
    aws.fake.faults().serverErrorNext("GetMetricData", 10);

    ExecutionException thrown = assertThrows(ExecutionException.class, () -> aws.metrics
        .read(shop, Set.of("shop-1.0.0-r1"), FROM, TO).toCompletableFuture().get(30, TimeUnit.SECONDS));

    CloudException failure = assertInstanceOf(CloudException.class, thrown.getCause());
    assertTrue(failure.retryable());
    assertTrue(failure.getMessage().contains("read metrics of shop"), failure.getMessage());
  }

  private static void assertMetrics(EnvironmentMetrics metrics, long requests, long errors, double... latencies) {
    assertEquals(requests, metrics.requests(), metrics.environmentId() + " requests");
    assertEquals(errors, metrics.errors(), metrics.environmentId() + " errors");
    assertEquals(0, metrics.latencySamplesMillis().length, "no per-request samples from CloudWatch");
    double[] percentiles = metrics.latencyPercentilesMillis().isEmpty() ? new double[0] : new double[] {
        metrics.latencyPercentilesMillis().get(50.0), metrics.latencyPercentilesMillis().get(90.0),
        metrics.latencyPercentilesMillis().get(99.0)};
    assertArrayEquals(latencies, percentiles, 1e-9, metrics.environmentId() + " p50, p90, p99");
  }

  private void record(String targetGroupArn, Instant at, long requests, long errors, double... latencyMillis) {
    aws.fake.recordTargetGroupTraffic(HOME, REGION, loadBalancer, targetGroupArn, at, requests, errors, latencyMillis);
  }

  /** Target groups named as the adapter names them, forwarded to by a listener of the test's load balancer. */
  private Map<String, String> attach(int port, String... environmentIds) {
    return await(attachAsync(port, environmentIds));
  }

  private CompletableFuture<Map<String, String>> attachAsync(int port, String... environmentIds) {
    ElasticLoadBalancingV2AsyncClient elb = aws.provider.clients(home()).elb();
    Map<String, CompletableFuture<String>> created = new LinkedHashMap<>();
    for (String id : environmentIds) {
      created.put(id, elb.createTargetGroup(request -> request.name(AwsNames.targetGroup(id))
          .protocol(ProtocolEnum.HTTP).port(8080).vpcId("vpc-home"))
          .thenApply(response -> response.targetGroups().get(0).targetGroupArn()));
    }
    return CompletableFuture.allOf(created.values().toArray(CompletableFuture[]::new)).thenCompose(done -> {
      Map<String, String> arns = new LinkedHashMap<>();
      created.forEach((id, arn) -> arns.put(id, arn.join()));
      List<TargetGroupTuple> targets =
          arns.values().stream().map(arn -> TargetGroupTuple.builder().targetGroupArn(arn).weight(1).build()).toList();
      return elb.createListener(request -> request.loadBalancerArn(loadBalancer).protocol(ProtocolEnum.HTTP).port(port)
          .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD)
              .forwardConfig(ForwardActionConfig.builder().targetGroups(targets).build()).build()))
          .thenApply(listener -> arns);
    });
  }

  private static EndpointRef endpoint(String service, int port) {
    return new EndpointRef(home(), service, new EndpointAddress(service + ".example.com", port));
  }

  private static double[] range(int fromInclusive, int toInclusive) {
    return IntStream.rangeClosed(fromInclusive, toInclusive).asDoubleStream().toArray();
  }
}
