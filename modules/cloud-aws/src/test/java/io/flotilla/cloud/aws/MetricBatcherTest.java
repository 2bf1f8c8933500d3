package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.HOME;
import static io.flotilla.cloud.aws.AwsFakeFixture.REGION;
import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.aws.GetMetricData.Point;
import io.flotilla.cloud.aws.MetricBatcher.Query;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

class MetricBatcherTest {
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
  private static final List<String> STATS = List.of("Sum", "SampleCount", "Maximum", "Minimum", "p50");
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ZERO);

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void concurrentReadsForDifferentEndpointsShareCallsOfAtMost500Queries() {
    int readers = 120;
    for (int i = 0; i < readers; i++) {
      put("reader-" + i, T0, i + 1);
      put("reader-" + i, T0.plusSeconds(20), 2 * (i + 1));
    }
    MetricBatcher batcher = new MetricBatcher(aws.provider, Duration.ofMillis(500));

    List<CompletableFuture<List<List<Point>>>> reads = IntStream.range(0, readers)
        .mapToObj(i -> batcher.read(home(), STATS.stream().map(stat -> new Query(hits("reader-" + i), stat)).toList(),
            T0, T0.plus(Duration.ofMinutes(1))))
        .toList();

    for (int i = 0; i < readers; i++) {
      List<List<Point>> series = await(reads.get(i));
      double one = i + 1;
      assertEquals(List.of(3 * one, 2.0, 2 * one, one, one),
          series.stream().map(points -> points.get(0).value()).toList(), "reader " + i);
      series.forEach(points -> assertEquals(List.of(T0), points.stream().map(Point::at).toList()));
    }
    assertEquals((int) Math.ceil(readers * STATS.size() / 500.0), aws.fake.faults().calls("GetMetricData"));
  }

  @Test
  void eachReadGetsOnlyTheMinutesOfItsOwnWindow() {
    put("shared", T0, 1);
    put("shared", T0.plus(Duration.ofMinutes(1)), 10);
    put("shared", T0.plus(Duration.ofMinutes(2)), 100);
    put("shared", T0.plus(Duration.ofMinutes(3)), 1000);
    MetricBatcher batcher = new MetricBatcher(aws.provider, Duration.ofMillis(300));
    List<Query> sum = List.of(new Query(hits("shared"), "Sum"));

    CompletableFuture<List<List<Point>>> early = batcher.read(home(), sum, T0, T0.plus(Duration.ofMinutes(1)));
    CompletableFuture<List<List<Point>>> late = batcher.read(home(), sum, T0.plusSeconds(90), T0.plusSeconds(180));

    assertEquals(List.of(new Point(T0, 1)), await(early).get(0));
    assertEquals(List.of(new Point(T0.plus(Duration.ofMinutes(1)), 10), new Point(T0.plus(Duration.ofMinutes(2)), 100)),
        await(late).get(0));
    assertEquals(1, aws.fake.faults().calls("GetMetricData"));
  }

  @Test
  void readsInDifferentWindowsOrAccountsGoOutSeparately() {
    put("shared", T0, 5);
    aws.fake.putMetric(AwsFakeFixture.TARGET, REGION, "Test", "Hits", Map.of("Reader", "shared"), T0, 7);
    MetricBatcher batcher = new MetricBatcher(aws.provider, Duration.ofMillis(20));
    List<Query> sum = List.of(new Query(hits("shared"), "Sum"));
    Instant to = T0.plus(Duration.ofMinutes(1));

    double home = await(batcher.read(home(), sum, T0, to)).get(0).get(0).value();
    double again = await(batcher.read(home(), sum, T0, to)).get(0).get(0).value();
    double target = await(batcher.read(AwsFakeFixture.target(), sum, T0, to)).get(0).get(0).value();

    assertEquals(List.of(5.0, 5.0, 7.0), List.of(home, again, target));
    assertEquals(3, aws.fake.faults().calls("GetMetricData"));
  }

  @Test
  void aFailedCallFailsTheReadsInIt() {
    aws.fake.faults().serverErrorNext("GetMetricData", 10);
    MetricBatcher batcher = new MetricBatcher(aws.provider, Duration.ofMillis(100));
    List<Query> sum = List.of(new Query(hits("a"), "Sum"));

    CompletableFuture<List<List<Point>>> first = batcher.read(home(), sum, T0, T0.plusSeconds(60));
    CompletableFuture<List<List<Point>>> second = batcher.read(home(), sum, T0, T0.plusSeconds(120));

    for (CompletableFuture<List<List<Point>>> read : List.of(first, second)) {
      ExecutionException thrown = assertThrows(ExecutionException.class, () -> read.get(30, TimeUnit.SECONDS));
      assertEquals(503, assertInstanceOf(AwsServiceException.class, thrown.getCause()).statusCode());
    }
  }

  @Test
  void getMetricDataFollowsNextTokenAcrossPages() {
    for (int minute = 0; minute < 7; minute++) {
      put("paged", T0.plus(Duration.ofMinutes(minute)), minute);
    }
    List<MetricDataQuery> queries = List.of(query("a", "Sum"), query("b", "Maximum"));
    AwsCalls calls = aws.provider.calls(aws.provider.canonical(home()), CallPriority.READ);

    Map<String, List<Point>> series =
        GetMetricData.run(calls, queries, T0, T0.plus(Duration.ofMinutes(10)), 3).join();

    List<Double> expected = List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    assertEquals(expected, series.get("a").stream().map(Point::value).toList());
    assertEquals(expected, series.get("b").stream().map(Point::value).toList());
    assertEquals(5, aws.fake.faults().calls("GetMetricData"));
  }

  @Test
  void moreThan500QueriesInOneCallAreRejectedLikeAws() {
    List<MetricDataQuery> queries = IntStream.range(0, 501).mapToObj(i -> query("q" + i, "Sum")).toList();
    AwsCalls calls = aws.provider.calls(aws.provider.canonical(home()), CallPriority.READ);
    assertThrows(IllegalArgumentException.class, () -> GetMetricData.run(calls, queries, T0, T0.plusSeconds(60)));

    AwsServiceException rejected = assertInstanceOf(AwsServiceException.class, assertThrows(Exception.class,
        () -> aws.provider.clients(aws.provider.canonical(home())).cloudWatch().getMetricData(request -> request
            .metricDataQueries(queries).startTime(T0).endTime(T0.plusSeconds(60))).join()).getCause());
    assertEquals("ValidationError", rejected.awsErrorDetails().errorCode());
    assertTrue(rejected.awsErrorDetails().errorMessage().contains("500"), rejected.getMessage());
  }

  private void put(String reader, Instant at, double value) {
    aws.fake.putMetric(HOME, REGION, "Test", "Hits", Map.of("Reader", reader), at, value);
  }

  private static Metric hits(String reader) {
    return Metric.builder().namespace("Test").metricName("Hits")
        .dimensions(Dimension.builder().name("Reader").value(reader).build()).build();
  }

  private static MetricDataQuery query(String id, String stat) {
    return MetricDataQuery.builder().id(id)
        .metricStat(MetricStat.builder().metric(hits("paged")).period(60).stat(stat).build()).build();
  }
}
