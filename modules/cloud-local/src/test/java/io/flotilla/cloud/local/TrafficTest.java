package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.TestClouds.LOCAL;
import static io.flotilla.cloud.local.TestClouds.await;
import static io.flotilla.cloud.local.TestClouds.awaitStatus;
import static io.flotilla.cloud.local.TestClouds.endpoint;
import static io.flotilla.cloud.local.TestClouds.failureOf;
import static io.flotilla.cloud.local.TestClouds.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.TrafficSplit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficTest {
  private static final int REQUESTS = 2_000;
  private static final int CLIENTS = 50;

  private final LocalCloud cloud = TestClouds.fastCloud();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final EndpointRef checkout = endpoint(LOCAL, "checkout");

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void weightsSplitRealTrafficAndMetricsRecordIt() throws Exception {
    String old = start("1.0.0");
    String canary = start("1.1.0");
    EndpointInfo info = await(cloud.ensureEndpoint(checkout));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 90, canary, 10))));
    Instant from = Instant.now();

    Map<String, Integer> byVersion = load(info.url() + "/orders?page=2", REQUESTS);

    Map<String, EnvironmentMetrics> metrics =
        await(cloud.read(checkout, Set.of(old, canary), from, Instant.now().plusSeconds(1)));
    assertEquals(REQUESTS, byVersion.get("1.0.0") + byVersion.get("1.1.0"));
    assertShare(0.10, byVersion.get("1.1.0"), REQUESTS);
    // Every forwarded request is recorded before its response is written: metrics match the responses exactly.
    assertEquals(byVersion.get("1.1.0").longValue(), metrics.get(canary).requests());
    assertEquals(byVersion.get("1.0.0").longValue(), metrics.get(old).requests());
    assertEquals(metrics.get(canary).requests(), metrics.get(canary).latencySamplesMillis().length);
    assertEquals(0, metrics.get(canary).errors());
    assertEquals(byVersion.get("1.1.0").longValue(), cloud.requestCount("checkout", canary));
  }

  @Test
  void badVersionShowsAboutFivePercentServerErrors() throws Exception {
    String bad = start("1.2.0-bad");
    EndpointInfo info = await(cloud.ensureEndpoint(checkout));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(bad, 100))));
    Instant from = Instant.now();

    load(info.url() + "/", REQUESTS);

    EnvironmentMetrics metrics =
        await(cloud.read(checkout, Set.of(bad), from, Instant.now().plusSeconds(1))).get(bad);
    assertEquals(REQUESTS, metrics.requests());
    assertShare(0.05, metrics.errors(), metrics.requests());
    assertEquals(metrics.errors(), cloud.errorCount("checkout", bad));
  }

  @Test
  void setWeightsReturnsTheSplitReadBack() {
    String old = start("1.0.0");
    String canary = start("1.1.0");
    await(cloud.ensureEndpoint(checkout));

    TrafficSplit applied = await(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 75, canary, 25))));

    assertTrue(applied.sameAs(new TrafficSplit(Map.of(old, 75, canary, 25))));
    assertTrue(await(cloud.readWeights(checkout)).sameAs(applied));
    assertEquals(1, cloud.callCount("setWeights"));
  }

  @Test
  void weightsThatDoNotAddUpOrPointNowhereAreRejected() {
    String old = start("1.0.0");
    await(cloud.ensureEndpoint(checkout));

    CloudException partial = failureOf(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 60))));
    CloudException nowhere = failureOf(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 50, "ghost", 50))));

    assertFalse(partial.retryable());
    assertFalse(nowhere.retryable());
    assertTrue(nowhere.getMessage().contains("ghost"));
    assertEquals(TrafficSplit.EMPTY, await(cloud.readWeights(checkout)));
  }

  @Test
  void endpointWithoutWeightsAnswers503AndCountsNoEnvironment() throws Exception {
    String old = start("1.0.0");
    EndpointInfo info = await(cloud.ensureEndpoint(checkout));

    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(info.url() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(503, response.statusCode());
    assertTrue(response.body().contains("\"error\""));
    assertEquals(1, cloud.unroutedCount("checkout"));
    assertEquals(0, cloud.requestCount("checkout", old));
  }

  @Test
  void requestsTheChosenEnvironmentCannotServeCountAsItsErrors() throws Exception {
    String env = start("1.0.0");
    EndpointInfo info = await(cloud.ensureEndpoint(checkout));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(env, 100))));
    // every instance starts failing health checks: the load balancer has nowhere healthy to send to
    cloud.faults().overrideVersion("1.0.0", cloud.behaviorOf("1.0.0").withHealthy(false));
    TestClouds.eventually("the environment to lose its healthy instances", () -> {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(info.url() + "/")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 503;
      } catch (Exception e) {
        return false;
      }
    });
    assertTrue(cloud.errorCount("checkout", env) >= 1, "a 503 of the chosen environment is its error");
    assertEquals(0, cloud.unroutedCount("checkout"));
  }

  @Test
  void proxyForwardsMethodsBodiesAndHeaders() throws Exception {
    String old = start("1.0.0");
    EndpointInfo info = await(cloud.ensureEndpoint(checkout));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 100))));

    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(info.url() + "/orders?x=1"))
            .header("X-Request-Id", "abc")
            .POST(HttpRequest.BodyPublishers.ofString("{\"item\":42}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(info.url() + "/orders"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

    assertEquals(200, post.statusCode());
    assertTrue(post.body().contains("\"version\":\"1.0.0\""));
    assertEquals(old, post.headers().firstValue("X-Flotilla-Environment").orElseThrow());
    assertEquals(200, head.statusCode());
    assertEquals("1.0.0", head.headers().firstValue("X-Flotilla-Version").orElseThrow());
    assertEquals(2, cloud.requestCount("checkout", old));
  }

  @Test
  void endpointKeepsItsPortAndEnsureIsIdempotent() {
    EndpointInfo first = await(cloud.ensureEndpoint(checkout));
    EndpointInfo again = await(cloud.ensureEndpoint(checkout));
    await(cloud.deleteEndpoint(checkout));
    await(cloud.deleteEndpoint(checkout));
    EndpointInfo recreated = await(cloud.ensureEndpoint(checkout));

    assertEquals(first.url(), again.url());
    assertEquals(first.url(), recreated.url());
    assertTrue(first.url().startsWith("http://127.0.0.1:"));
  }

  private String start(String version) {
    String id = await(cloud.create(request(LOCAL, "checkout", version, 2))).environmentId();
    awaitStatus(cloud, LOCAL, id, EnvironmentStatus.HEALTHY);
    return id;
  }

  /** Sends {@code total} GETs from {@link #CLIENTS} concurrent clients; counts responses by version header. */
  private Map<String, Integer> load(String url, int total) throws Exception {
    Map<String, Integer> byVersion = new ConcurrentHashMap<>(Map.of("1.0.0", 0, "1.1.0", 0));
    AtomicInteger left = new AtomicInteger(total);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        running.add(clients.submit(() -> {
          while (left.getAndDecrement() > 0) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding());
            String version = response.headers().firstValue("X-Flotilla-Version").orElse("none:" + response.statusCode());
            byVersion.merge(version, 1, Integer::sum);
          }
          return null;
        }));
      }
      for (Future<?> client : running) {
        client.get();
      }
    } finally {
      clients.shutdownNow();
    }
    return byVersion;
  }

  /** Within six standard deviations of a binomial share: cannot flake in practice, still catches a wrong split. */
  private static void assertShare(double expected, long hits, long total) {
    double share = (double) hits / total;
    double tolerance = 6 * Math.sqrt(expected * (1 - expected) / total);
    assertTrue(Math.abs(share - expected) <= tolerance,
        "share " + share + " is not " + expected + " +- " + tolerance + " (" + hits + " of " + total + ")");
  }
}
