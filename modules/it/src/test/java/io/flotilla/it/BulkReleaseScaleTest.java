package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.local.LocalCloudConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Criterion a: one request releases 10,000 services on one node. 10,000 services are registered (real entities on
 * Cassandra); one {@code POST /api/v1/releases} names all of them and is accepted with a bulk id. Items then run on
 * the real local cloud, at most {@code maxConcurrent} at once, until the failure budget stops the bulk: three items
 * name a {@code -broken} version (never healthy), and once the third has failed no new item starts and every item
 * not started is skipped.
 *
 * <p>Why the budget stops it early on purpose: each local-cloud service that really rolls out keeps an instance and
 * an endpoint proxy, two HTTP servers, open in this JVM (about eight file descriptors with their connections), and
 * the box allows 20,000 open files. So about five hundred items really roll out here; all 10,000 are accepted,
 * persisted, driven and accounted for.
 *
 * <p>The bound is checked twice: from the bulk's own record of each item's start and end, and from the endpoints'
 * events ({@code ReleaseRequested} to the release's end), which a bulk starting too many would break.
 */
class BulkReleaseScaleTest {
  private static final int SERVICES = 10_000;
  private static final int MAX_CONCURRENT = 50;
  private static final int FAILURE_BUDGET = 3;
  private static final Set<Integer> BROKEN = Set.of(149, 299, 449);
  /** Every how many skipped services the journal is read to confirm no release was ever asked. */
  private static final int SKIPPED_SAMPLE_STEP = 25;
  private static final String NODE_CONFIG = """
      flotilla.engine.reconcile-interval = 30s
      flotilla.bulk.poll-interval = 500ms
      """;

  @Test
  void tenThousandServicesInOneRequestNeverMoreThanMaxConcurrentAtOnceUntilTheBudgetStopsNewItems()
      throws Exception {
    LocalCloudConfig cloud = LocalCloudConfig.defaults().withHealthCheckInterval(Duration.ofMillis(500));
    try (TestFlotilla flotilla = TestFlotilla.start("bulkscale", cloud, NODE_CONFIG)) {
      ApiClient api = flotilla.api;
      long registering = System.nanoTime();
      register(api);
      System.out.printf("registered %d services in %d s%n", SERVICES, seconds(registering));

        String body = body();
      long posting = System.nanoTime();
      ApiClient.Response accepted = api.post("/api/v1/releases", body);
      long acceptMillis = (System.nanoTime() - posting) / 1_000_000;
      assertEquals(202, accepted.status(), accepted.text());
      String bulkId = accepted.body().path("id").asText();
      assertEquals(SERVICES, accepted.body().path("accepted").asInt());
      System.out.printf("accepted %d items (%d KiB) as %s in %d ms%n", SERVICES, body.length() / 1024, bulkId,
          acceptMillis);

      long running = System.nanoTime();
      long[] mostFiles = {0};
      JsonNode done = Eventually.value(Duration.ofMinutes(8), () -> {
        JsonNode bulk = api.get("/api/v1/releases/" + bulkId + "?limit=1").body();
        mostFiles[0] = Math.max(mostFiles[0], BulkChecks.openFiles());
        return bulk.path("finished").asBoolean() ? bulk : null;
      }, "the bulk to finish");
      long bulkSeconds = seconds(running);

      assertEquals("stopped-by-budget", done.path("state").asText(), done.toString());
      List<BulkChecks.Item> items = BulkChecks.items(api, bulkId);
      assertEquals(SERVICES, items.size());
      List<BulkChecks.Item> started = items.stream().filter(item -> item.startedAt() != null).toList();
      Map<String, Long> byState = items.stream().collect(Collectors.groupingBy(BulkChecks.Item::state,
          Collectors.counting()));
      assertEquals(FAILURE_BUDGET, byState.getOrDefault("failed", 0L), byState.toString());
      assertEquals(started.size() - FAILURE_BUDGET, byState.getOrDefault("promoted", 0L), byState.toString());
      assertEquals(SERVICES - started.size(), byState.getOrDefault("skipped", 0L), byState.toString());
      assertTrue(started.size() > BROKEN.stream().max(Integer::compare).orElseThrow(), "started " + started.size());

      // the budget: no item started after it was used up, and every item after the last started was skipped
      Instant stoppedAt = Instant.parse(done.path("stoppedAt").asText());
      assertTrue(started.stream().allMatch(item -> !item.startedAt().isAfter(stoppedAt)));
      int lastStarted = started.stream().mapToInt(BulkChecks.Item::index).max().orElseThrow();
      assertTrue(items.subList(lastStarted + 1, SERVICES).stream().allMatch(item -> item.state().equals("skipped")));

      // the bound, from the bulk's record of starts and ends
      int mostByBulk = BulkChecks.mostAtOnce(started.stream()
          .map(item -> new BulkChecks.Span(item.startedAt(), item.endedAt())).toList());
      assertEquals(MAX_CONCURRENT, mostByBulk, "the bulk reached its bound and never passed it");

      // the bound, from the endpoints' own events; one release per started item; skipped services untouched
      List<BulkChecks.Release> releases = new ArrayList<>();
      for (BulkChecks.Item item : started) {
        List<BulkChecks.Release> ofItem = BulkChecks.releases(api, item.service(), bulkId);
        assertEquals(1, ofItem.size(), "one ReleaseRequested for item " + item + ": " + ofItem);
        assertEquals(bulkId + "/" + item.index(), ofItem.get(0).requestId());
        assertEquals(item.releaseId(), ofItem.get(0).releaseId());
        releases.addAll(ofItem);
      }
      assertTrue(releases.stream().allMatch(release -> release.endedAt() != null), "every release ended");
      int mostByEndpoints = BulkChecks.mostAtOnce(releases.stream()
          .map(release -> new BulkChecks.Span(release.requestedAt(), release.endedAt())).toList());
      assertTrue(mostByEndpoints <= MAX_CONCURRENT, "endpoints ran " + mostByEndpoints + " releases at once");
      List<BulkChecks.Item> skipped = items.subList(lastStarted + 1, SERVICES);
      for (int i = 0; i < skipped.size(); i += SKIPPED_SAMPLE_STEP) {
        assertEquals(0, BulkChecks.releasesRequested(api, skipped.get(i).service()), skipped.get(i).toString());
      }

      ApiClient.Response page = api.get("/api/v1/releases/" + bulkId + "?state=failed");
      assertEquals(BROKEN, itemIndexes(page.body()));

      System.out.printf("bulk of %d items: accepted in %d ms; ran %d s; %d items started (%d promoted, %d failed), "
              + "%d skipped; most at once: %d by the bulk's record, %d by the endpoints' events (maxConcurrent %d); "
              + "most open files %d%n", SERVICES, acceptMillis, bulkSeconds, started.size(),
          byState.getOrDefault("promoted", 0L), byState.getOrDefault("failed", 0L),
          byState.getOrDefault("skipped", 0L), mostByBulk, mostByEndpoints, MAX_CONCURRENT, mostFiles[0]);
      warmAcceptance(api, items);
    }
  }

  /**
   * Acceptance once the node is warm: five more requests of 10,000 valid items each, measured, then cancelled.
   * Their first items are services the first bulk promoted to 3.0.0 (asking them changes nothing: "unchanged"),
   * the rest services that do not exist (asking them ends the item "invalid"): none of them starts a release.
   */
  private static void warmAcceptance(ApiClient api, List<BulkChecks.Item> firstBulk) {
    List<String> promoted = firstBulk.stream().filter(item -> item.state().equals("promoted"))
        .map(BulkChecks.Item::service).toList();
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < SERVICES; i++) {
      String service = i < promoted.size() ? promoted.get(i) : "nobody-%05d".formatted(i);
      items.append(i == 0 ? "" : ",").append("{\"service\":\"").append(service)
          .append("\",\"version\":\"3.0.0\"}");
    }
    String body = "{\"items\":[" + items + "],\"maxConcurrent\":1}";
    List<Long> millis = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      long posting = System.nanoTime();
      ApiClient.Response accepted = api.post("/api/v1/releases", body);
      millis.add((System.nanoTime() - posting) / 1_000_000);
      assertEquals(202, accepted.status(), accepted.text());
      assertEquals(SERVICES, accepted.body().path("accepted").asInt());
      api.post("/api/v1/releases/" + accepted.body().path("id").asText() + "/cancel", "");
    }
    System.out.printf("warm acceptance of %d-item requests: %s ms%n", SERVICES, millis);
  }

  private static void register(ApiClient api) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<ApiClient.Response>> puts = new ArrayList<>();
      for (int i = 0; i < SERVICES; i++) {
        String name = name(i);
        puts.add(pool.submit(() -> put(api, name)));
      }
      for (Future<ApiClient.Response> put : puts) {
        ApiClient.Response response = put.get();
        assertTrue(response.status() == 201 || response.status() == 200, response.text());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Registers one service. While thousands of new entities start, the shard coordinator's writes can make a PUT
   * time out (503, outcome unknown); putting the same spec again is safe (200 unchanged, or 201).
   */
  private static ApiClient.Response put(ApiClient api, String name) {
    ApiClient.Response response = api.putYaml("/api/v1/services/" + name, spec(name));
    for (int attempt = 1; attempt < 5 && response.status() == 503; attempt++) {
      response = api.putYaml("/api/v1/services/" + name, spec(name));
    }
    return response;
  }

  /** One instance, all traffic at once, no analysis: a release is promoted as soon as its instance is healthy. */
  private static String spec(String name) {
    return """
        name: %s
        image: demo/fleet
        runtime: {minInstances: 1, maxInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}], environmentTimeout: 10s}
        analysis: {metrics: []}
        """.formatted(name);
  }

  private static String body() {
    Function<Integer, String> version = i -> BROKEN.contains(i) ? "3.0.0-broken" : "3.0.0";
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < SERVICES; i++) {
      items.append(i == 0 ? "" : ",").append("{\"service\":\"").append(name(i)).append("\",\"version\":\"")
          .append(version.apply(i)).append("\"}");
    }
    return "{\"items\":[" + items + "],\"maxConcurrent\":" + MAX_CONCURRENT + ",\"failureBudget\":"
        + FAILURE_BUDGET + "}";
  }

  private static String name(int i) {
    return "fleet-%05d".formatted(i);
  }

  private static Set<Integer> itemIndexes(JsonNode page) {
    Set<Integer> out = new HashSet<>();
    page.path("items").forEach(item -> out.add(item.path("index").asInt()));
    return out;
  }

  private static long seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1_000_000_000L;
  }
}
