package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.model.Account;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.SpecCodec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Done-when c: {@code GET /api/v1/services} over 10,000 services, created for real through the entities, in three
 * accounts (named by id or by alias) and three regions, seven teams, a few released: filtered and paged queries
 * answer exactly the services the test computes, and paging through everything returns each service once. Prints
 * how long creating them took and the query latencies it saw (figures, not assertions).
 */
class FleetAtScaleTest {
  private static final int SERVICES = 10_000;
  private static final List<String> TEAMS = List.of("payments", "search", "catalog", "checkout", "identity",
      "messaging", "platform");
  /** How each service names its account and region: by index modulo 5. */
  private static final List<Placement> PLACEMENTS = List.of(
      new Placement("local", "local"), new Placement("local", "local"), new Placement("prod", "eu-west-1"),
      new Placement("111111111111", "us-east-1"), new Placement("staging", "us-east-1"));
  private static final List<Integer> RELEASED = List.of(0, 5, 4000);

  private static TestFlotilla flotilla;
  private static List<Service> services;

  private record Placement(String account, String region) {}

  private record Service(String name, String team, String account, String region) {}

  @BeforeAll
  static void createTenThousandServices() throws Exception {
    // 10,000 idle services: nothing for them to reconcile during the test
    flotilla = TestFlotilla.startWith("fleetscale", "flotilla.engine.reconcile-interval = 10m");
    var accounts = flotilla.node.engine().accounts();
    accounts.put(new Account("111111111111", "prod", null, null, List.of("eu-west-1", "us-east-1")), "test")
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    accounts.put(new Account("222222222222", "staging", null, null, List.of("us-east-1")), "test")
        .toCompletableFuture().get(30, TimeUnit.SECONDS);

    services = new ArrayList<>();
    for (int i = 0; i < SERVICES; i++) {
      Placement placement = PLACEMENTS.get(i % PLACEMENTS.size());
      services.add(new Service("svc-%05d".formatted(i), TEAMS.get(i % TEAMS.size()), placement.account(),
          placement.region()));
    }
    Eventually.until(Duration.ofSeconds(60), () -> flotilla.api.get("/readyz").status() == 200, "the node ready");
    long started = System.nanoTime();
    List<Reply> replies = Source.from(services)
        .mapAsyncUnordered(64, service -> create(service, 3))
        .runWith(Sink.seq(), flotilla.node.system())
        .toCompletableFuture().get(5, TimeUnit.MINUTES);
    long createdMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(SERVICES, replies.stream().filter(reply -> reply instanceof Reply.Accepted accepted
        && Set.of("created", "unchanged").contains(accepted.outcome())).count(), "every service created");

    Eventually.until(Duration.ofSeconds(60), () -> total("") == SERVICES, "all services in the fleet view");
    long visibleMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("fleet at scale: %d services created through the entities in %d ms (%.0f/s); all listed "
        + "after %d ms%n", SERVICES, createdMillis, SERVICES * 1000.0 / createdMillis, visibleMillis);

    for (int index : RELEASED) {
      flotilla.api.release(services.get(index).name(), "1.0.0");
    }
    for (int index : RELEASED) {
      flotilla.awaitIdle(services.get(index).name(), Duration.ofSeconds(60));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  /**
   * Puts the spec; while a thousand shards are allocated for the first time an ask may time out, and is asked again
   * (putting the same spec twice is a no-op).
   */
  private static CompletionStage<Reply> create(Service service, int attempts) {
    return flotilla.node.engine().endpoints()
        .ask(service.name(), replyTo -> new EndpointCommand.PutSpec(spec(service), "test", replyTo))
        .handle((reply, failure) -> failure == null || attempts <= 1 ? CompletableFuture.completedFuture(reply)
            : create(service, attempts - 1))
        .thenCompose(next -> next);
  }

  private static ServiceSpec spec(Service service) {
    return SpecCodec.readYaml("""
        name: %s
        team: %s
        account: "%s"
        region: %s
        image: demo/svc
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}]}
        analysis: {metrics: []}
        """.formatted(service.name(), service.team(), service.account(), service.region()));
  }

  @Test
  void aTeamFilterPagedByOffsetListsExactlyThatTeam() {
    assertPagedByOffset("team=search", 500, service -> service.team().equals("search"));
  }

  @Test
  void anAccountMatchesByAliasOrIdCombinedWithRegion() {
    Predicate<Service> prodEast = service -> Set.of("prod", "111111111111").contains(service.account())
        && service.region().equals("us-east-1");
    assertPagedByCursor("account=prod&region=us-east-1", 300, prodEast);
    assertPagedByCursor("account=111111111111&region=us-east-1", 300, prodEast);
    assertPagedByCursor("account=222222222222", 500, service -> service.account().equals("staging"));
    assertPagedByCursor("account=local&team=identity", 250,
        service -> service.account().equals("local") && service.team().equals("identity"));
  }

  @Test
  void searchAndPhaseFiltersCombineWithTheOthers() {
    assertPagedByCursor("q=svc-012", 40, service -> service.name().contains("svc-012"));
    assertPagedByCursor("q=99&team=catalog", 50, service -> service.name().contains("99")
        && service.team().equals("catalog"));
    List<String> released = RELEASED.stream().map(index -> services.get(index).name()).sorted().toList();
    Eventually.until(Duration.ofSeconds(10), () -> names(page("phase=promoted&limit=50")).equals(released),
        "the released services to show as Promoted");
    assertPagedByCursor("phase=None&team=payments", 500, service -> service.team().equals("payments")
        && !released.contains(service.name()));
  }

  @Test
  void pagingThroughEveryServiceReturnsEachOnceInNameOrder() {
    assertPagedByCursor("", 500, service -> true);
    assertPagedByOffset("", 500, service -> true);
    JsonNode last = page("offset=" + (SERVICES - 10) + "&limit=50");
    assertEquals(expected(service -> true).subList(SERVICES - 10, SERVICES), names(last));
    assertNull(last.get("next"));
    assertEquals(SERVICES, last.path("total").asInt());
  }

  @Test
  void printsQueryLatencyAtFiftyConcurrentClients() throws Exception {
    List<String> queries = List.of("limit=50", "team=search&limit=50", "account=prod&region=us-east-1&limit=100",
        "q=svc-07&limit=50", "phase=Promoted", "offset=5000&limit=50", "cursor=svc-09000&limit=200");
    // warm up (JIT) with one client, and print what one client sees
    List<Long> alone = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long start = System.nanoTime();
      page(queries.get(i % queries.size()));
      alone.add(System.nanoTime() - start);
    }
    Collections.sort(alone);
    System.out.printf("fleet at scale: one client, %d queries: p50 %.1f ms, p99 %.1f ms%n", alone.size(),
        alone.get(alone.size() / 2) / 1e6, alone.get(alone.size() * 99 / 100) / 1e6);
    ExecutorService clients = Executors.newFixedThreadPool(50);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int client = 0; client < 50; client++) {
        int offset = client;
        results.add(clients.submit(() -> {
          long[] nanos = new long[40];
          for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            JsonNode body = page(queries.get((offset + i) % queries.size()));
            nanos[i] = System.nanoTime() - start;
            assertFalse(body.path("services").isMissingNode());
          }
          return nanos;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<long[]> result : results) {
        Arrays.stream(result.get(2, TimeUnit.MINUTES)).forEach(all::add);
      }
      Collections.sort(all);
      System.out.printf("fleet at scale: %d queries over %d services from 50 concurrent clients: p50 %.1f ms, "
          + "p99 %.1f ms, max %.1f ms (clients in the node's JVM, on the same cores)%n", all.size(), SERVICES, all.get(all.size() / 2) / 1e6,
          all.get(all.size() * 99 / 100) / 1e6, all.get(all.size() - 1) / 1e6);
    } finally {
      clients.shutdownNow();
    }
  }

  private static void assertPagedByOffset(String filter, int limit, Predicate<Service> matches) {
    List<String> expected = expected(matches);
    List<String> seen = new ArrayList<>();
    int offset = 0;
    while (true) {
      JsonNode page = page(join(filter, "offset=" + offset + "&limit=" + limit));
      assertEquals(expected.size(), page.path("total").asInt(), filter);
      seen.addAll(names(page));
      if (page.get("next") == null) {
        break;
      }
      offset = page.path("next").asInt();
    }
    assertEquals(expected, seen, filter);
  }

  private static void assertPagedByCursor(String filter, int limit, Predicate<Service> matches) {
    List<String> expected = expected(matches);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = page(join(filter, "limit=" + limit
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
      assertEquals(expected.size(), page.path("total").asInt(), filter);
      seen.addAll(names(page));
      cursor = page.hasNonNull("nextCursor") ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    assertEquals(expected, seen, filter);
  }

  private static List<String> expected(Predicate<Service> matches) {
    return services.stream().filter(matches).map(Service::name).sorted().toList();
  }

  private static int total(String filter) {
    return page(join(filter, "limit=1")).path("total").asInt();
  }

  private static JsonNode page(String query) {
    ApiClient.Response response = flotilla.api.get("/api/v1/services" + (query.isEmpty() ? "" : "?" + query));
    if (response.status() != 200) {
      throw new AssertionError(query + ": " + response.status() + " " + response.text());
    }
    return response.body();
  }

  private static String join(String filter, String paging) {
    return filter.isEmpty() ? paging : filter + "&" + paging;
  }

  private static List<String> names(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("services").forEach(row -> out.add(row.path("service").asText()));
    return out;
  }
}
