package io.flotilla.bench;

import static io.flotilla.bench.BenchSupport.freePort;
import static io.flotilla.bench.BenchSupport.millis;
import static io.flotilla.bench.BenchSupport.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.cassandra.EmbeddedCassandra;
import io.flotilla.cloud.local.Faults;
import io.flotilla.cloud.local.RemoteLocalCloud;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fleet operations at 10,000 services (issue 5 f, DESIGN.md §10), with the node in its own JVM and every request made
 * over real HTTP from this one, so the clients do not share the node's heap or threads (they do share the machine's
 * two cores, as does Cassandra):
 * <ol>
 *   <li>a real Cassandra (forked from its Maven artifacts) and a node process ({@code flotilla-server node}) with
 *       its local cloud in process; more node configuration (HOCON) may come in the environment variable
 *       {@code FLEET_NODE};</li>
 *   <li>10,000 services registered with {@code PUT /api/v1/services/{name}} (16 at a time), and the time until the
 *       fleet read model lists all of them;</li>
 *   <li>fleet queries ({@code GET /api/v1/services}: filters, search, offset and cursor pages) from 50 concurrent
 *       clients for a fixed time: p50, p90, p99, max;</li>
 *   <li>bulk acceptance: a first (cold) request, then 50 more, of 10,000 items each (all or nothing, one unknown
 *       service, so each is accepted and then rejected by its existence check, and starts no release), timed from
 *       the request to the answer;</li>
 *   <li>one bulk release of all 10,000 services with {@code maxConcurrent} 10,000: the time from the request until
 *       every item is in flight, that is until every service's endpoint has persisted its release request
 *       ({@code ReleaseRequested}) and answered.</li>
 * </ol>
 * The local cloud holds back environment creation and endpoint set-up (a planned delay of 30 minutes, longer than
 * the run): the figure is the engine's acceptance and persistence path, not 10,000 demo instances starting on this
 * machine, which could not all run here (each is an HTTP server with open files).
 *
 * <p>{@code Benchmarks fleet [services] [clients] [query-seconds]}; defaults 10000, 50, 30.
 */
final class FleetBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TEAMS = 10;
  private static final int ACCEPTANCE_ROUNDS = 50;
  private static final Duration HELD_BACK = Duration.ofMinutes(30);

  private final int services;
  private final int clients;
  private final Duration queryTime;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String api;
  /** A fresh admin token for this run; the node is configured with its hash. */
  private final String token = "bench-" + java.util.UUID.randomUUID();

  private FleetBenchmark(int services, int clients, Duration queryTime) {
    this.services = services;
    this.clients = clients;
    this.queryTime = queryTime;
  }

  static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    new FleetBenchmark(services, clients, Duration.ofSeconds(seconds)).run();
  }

  private void run() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "bench-fleet", "run-" + System.currentTimeMillis()));
    log("working directory %s", work.toAbsolutePath());
    EmbeddedCassandra cassandra = EmbeddedCassandra.builder(work.resolve("cassandra"))
        .cqlPort(freePort()).storagePort(freePort()).heap("1G").startupTimeout(Duration.ofMinutes(3))
        .stopOnJvmExit(true).build();
    long started = System.nanoTime();
    cassandra.start();
    log("Cassandra up on %s in %.1f s", cassandra.contactPoint(), seconds(started));
    Process node = null;
    try {
      int controlPort = freePort();
      node = startNode(work, cassandra.contactPoint(), controlPort);
      // the node's own local cloud holds its calls back in process (no socket stays open meanwhile)
      Faults faults = RemoteLocalCloud.connect("http://127.0.0.1:" + controlPort).faults();
      faults.slowNext("create", Integer.MAX_VALUE, HELD_BACK);
      faults.slowNext("ensureEndpoint", Integer.MAX_VALUE, HELD_BACK);
      Results results = new Results();
      register(results);
      queries(results);
      acceptance(results);
      bulk(results);
      results.print(services, clients);
    } finally {
      if (node != null) {
        node.destroy();
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
      cassandra.stop();
    }
  }



  private Process startNode(Path work, String contactPoint, int controlPort) throws Exception {
    int port = freePort();
    Path config = work.resolve("node.conf");
    Files.writeString(config, """
        flotilla.http.port = %d
        flotilla.cassandra.embedded = off
        flotilla.cassandra.contact-point = "%s"
        pekko.remote.artery.canonical.port = %d
        # any free port: a node already running here holds the default 8558
        pekko.management.http.port = 0
        flotilla.cloud.kind = local
        flotilla.cloud.local.control-port = %d
        # one request may start every item at once
        flotilla.bulk.max-concurrent-limit = %d
        # the benchmark's own admin token; its 10,000 PUTs are not to be throttled
        flotilla.auth.tokens = [{name = bench, role = admin, sha256 = "%s"}]
        flotilla.auth.rate-limit { mutations-per-second = 1000000, burst = 1000000 }
        """.formatted(port, contactPoint, freePort(), controlPort, services, BenchSupport.sha256Hex(token))
        + Objects.requireNonNullElse(System.getenv("FLEET_NODE"), ""));
    Path log = work.resolve("node.log");
    api = "http://127.0.0.1:" + port;
    long started = System.nanoTime();
    Process process = BenchSupport.startNode(config, log, "3g", api, Duration.ofSeconds(180));
    log("node ready at %s in %.1f s (log %s)", api, seconds(started), log);
    return process;
  }

  private void register(Results results) throws Exception {
    AtomicInteger retried = new AtomicInteger();
    long started = System.nanoTime();
    BenchSupport.inParallel(services, 16, 1000, "registered", i -> {
      String name = name(i);
      put(name, """
          name: %s
          team: team-%d
          image: demo/%s
          rollout: {steps: [{weight: 10, hold: 1m}, {weight: 100}]}
          analysis: {metrics: []}
          """.formatted(name, i % TEAMS, name), retried);
    });
    results.registerSeconds = seconds(started);
    long registered = System.nanoTime();
    while (total("") < services) {
      Thread.sleep(50);
    }
    results.fleetLagMillis = millis(registered);
    log("%d services registered in %.1f s (%d PUTs repeated after a 503); listed by the fleet view %d ms after the"
        + " last one", services, results.registerSeconds, retried.get(), results.fleetLagMillis);
  }

  /** A PUT answered 503 (the entity did not answer in time while thousands start) is safe to repeat. */
  private void put(String name, String spec, AtomicInteger retried) throws Exception {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/services/" + name))
          .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
          .PUT(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return;
      }
      if (response.statusCode() != 503 || attempt == 10) {
        throw new IllegalStateException("PUT " + name + ": " + response.statusCode() + " " + response.body());
      }
      retried.incrementAndGet();
      Thread.sleep(200);
    }
  }

  private void queries(Results results) throws Exception {
    // warm up: one client, every kind of query
    for (int i = 0; i < 500; i++) {
      query(ThreadLocalRandom.current());
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long deadline = System.nanoTime() + queryTime.toNanos();
    List<Future<List<Long>>> futures = new ArrayList<>();
    AtomicInteger errors = new AtomicInteger();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(() -> {
        List<Long> nanos = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          if (!query(random)) {
            errors.incrementAndGet();
          }
          nanos.add(System.nanoTime() - start);
        }
        return nanos;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> future : futures) {
      all.addAll(future.get());
    }
    pool.shutdownNow();
    Collections.sort(all);
    results.queries = all;
    results.queryErrors = errors.get();
    log("fleet queries: %d from %d clients in %d s (%.0f/s), %d errors", all.size(), clients,
        queryTime.toSeconds(), all.size() / (double) queryTime.toSeconds(), errors.get());
  }

  /** One fleet query of a random kind; true when it answered 200 with a page of the expected size. */
  private boolean query(ThreadLocalRandom random) throws Exception {
    String query = switch (random.nextInt(7)) {
      case 0 -> "limit=50";
      case 1 -> "team=team-" + random.nextInt(TEAMS) + "&limit=50";
      case 2 -> "q=" + String.format(Locale.ROOT, "%03d", random.nextInt(1000)) + "&limit=50";
      case 3 -> "offset=" + random.nextInt(services) + "&limit=100";
      case 4 -> "cursor=" + name(random.nextInt(services)) + "&limit=100";
      case 5 -> "team=team-" + random.nextInt(TEAMS) + "&phase=none&offset=" + random.nextInt(services / TEAMS)
          + "&limit=50";
      default -> "region=local&q=svc-0" + random.nextInt(10) + "&limit=200";
    };
    HttpResponse<String> response = get("/api/v1/services?" + query);
    return response.statusCode() == 200 && JSON.readTree(response.body()).path("services").isArray();
  }

  private void acceptance(Results results) throws Exception {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < services; i++) {
      // the last item names a service that does not exist: the existence check rejects the bulk
      String service = i == services - 1 ? "nobody-at-all" : name(i);
      items.append(i == 0 ? "" : ",").append("{\"service\":\"").append(service).append("\",\"version\":\"1.5.0\"}");
    }
    String body = "{\"allOrNothing\":true,\"maxConcurrent\":" + services + ",\"items\":[" + items + "]}";
    results.requestKiB = body.length() / 1024;
    for (int round = 0; round <= ACCEPTANCE_ROUNDS; round++) {
      long start = System.nanoTime();
      HttpResponse<String> response = post("/api/v1/releases", body);
      long nanos = System.nanoTime() - start;
      JsonNode accepted = JSON.readTree(response.body());
      if (response.statusCode() != 202 || accepted.path("accepted").asInt() != services) {
        throw new IllegalStateException("bulk not accepted: " + response.statusCode() + " " + response.body());
      }
      if (round == 0) {
        results.coldAcceptMillis = nanos / 1_000_000;
      } else {
        results.acceptance.add(nanos);
      }
      String id = accepted.path("id").asText();
      String state = awaitNot(id, "validating", Duration.ofMinutes(2));
      if (!state.equals("rejected")) {
        throw new IllegalStateException("bulk " + id + " should have been rejected, is " + state);
      }
      log("acceptance round %d%s: %.1f ms (then rejected by its existence check)", round,
          round == 0 ? " (cold)" : "", nanos / 1e6);
    }
  }

  private void bulk(Results results) throws Exception {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < services; i++) {
      items.append(i == 0 ? "" : ",").append("{\"service\":\"").append(name(i)).append("\",\"version\":\"2.0.0\"}");
    }
    String body = "{\"maxConcurrent\":" + services + ",\"failureBudget\":" + services + ",\"items\":[" + items + "]}";
    long start = System.nanoTime();
    HttpResponse<String> response = post("/api/v1/releases", body);
    results.bulkAcceptMillis = millis(start);
    if (response.statusCode() != 202) {
      throw new IllegalStateException("bulk not accepted: " + response.statusCode() + " " + response.body());
    }
    String id = JSON.readTree(response.body()).path("id").asText();
    log("bulk %s of %d items accepted in %d ms", id, services, results.bulkAcceptMillis);
    long lastLog = System.nanoTime();
    while (true) {
      JsonNode bulk = JSON.readTree(get("/api/v1/releases/" + id + "?limit=1").body());
      JsonNode counts = bulk.path("counts");
      int waiting = counts.path("pending").asInt() + counts.path("starting").asInt();
      int inFlight = counts.path("in-flight").asInt();
      if (waiting == 0) {
        results.persistedMillis = millis(start);
        results.bulkCounts = counts.toString();
        break;
      }
      if (millis(lastLog) >= 1000) {
        log("  %.1f s: %d in flight, %d waiting", seconds(start), inFlight, waiting);
        lastLog = System.nanoTime();
      }
      if (seconds(start) > 600) {
        throw new IllegalStateException("items still waiting after 10 minutes: " + counts);
      }
      Thread.sleep(20);
    }
    log("every item in flight %d ms after the request: %s", results.persistedMillis, results.bulkCounts);
    // cross-check on a sample of services: each has a release of 2.0.0 in its own state
    for (int i = 0; i < services; i += Math.max(1, services / 100)) {
      JsonNode status = JSON.readTree(get("/api/v1/services/" + name(i)).body());
      String version = status.path("activeRelease").path("version").asText(
          status.path("queuedRelease").path("version").asText());
      if (!version.equals("2.0.0")) {
        throw new IllegalStateException(name(i) + " has no release of 2.0.0: " + status);
      }
      results.checked++;
    }
  }

  private String awaitNot(String id, String state, Duration timeout) throws Exception {
    long start = System.nanoTime();
    while (true) {
      String now = JSON.readTree(get("/api/v1/releases/" + id + "?limit=1").body()).path("state").asText();
      if (!now.equals(state) || seconds(start) > timeout.toSeconds()) {
        return now;
      }
      Thread.sleep(100);
    }
  }

  private int total(String query) throws Exception {
    return JSON.readTree(get("/api/v1/services?limit=1" + query).body()).path("total").asInt();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String name(int index) {
    return "svc-%05d".formatted(index);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[fleet] " + format + "%n", args);
  }

  /** What the run measured; printed at the end as one table. */
  private static final class Results {
    double registerSeconds;
    long fleetLagMillis;
    List<Long> queries = List.of();
    int queryErrors;
    int requestKiB;
    final List<Long> acceptance = new ArrayList<>();
    long coldAcceptMillis;
    long bulkAcceptMillis;
    long persistedMillis;
    String bulkCounts;
    int checked;

    void print(int services, int clients) {
      List<Long> accept = new ArrayList<>(acceptance);
      Collections.sort(accept);
      System.out.println();
      System.out.println("== fleet benchmark: " + services + " services, node in its own JVM, clients over HTTP ==");
      row("register (PUT, 16 at a time)", "%.1f s, %.0f services/s".formatted(registerSeconds,
          services / registerSeconds));
      row("fleet view lists all", "%d ms after the last PUT (target <= 2 s stale)".formatted(fleetLagMillis));
      row("fleet query, " + clients + " clients", "%d queries, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms,"
          .formatted(queries.size(), pct(queries, 50), pct(queries, 90), pct(queries, 99), pct(queries, 100))
          + " %d errors (target p99 <= 150 ms)".formatted(queryErrors));
      row("bulk acceptance (" + services + " items, " + requestKiB + " KiB)", "first %d ms; then %d requests, p50 %.1f"
          .formatted(coldAcceptMillis, accept.size(), pct(accept, 50))
          + " ms, p99 %.1f ms, max %.1f ms (target p99 <= 300 ms)".formatted(pct(accept, 99), pct(accept, 100)));
      row("bulk release accepted", bulkAcceptMillis + " ms");
      row("all release requests persisted", "%d ms after the request (target <= 5 s); %d services checked"
          .formatted(persistedMillis, checked));
      row("item counts then", bulkCounts);
    }

    private static void row(String what, String figure) {
      System.out.printf("  %-42s %s%n", what, figure);
    }

    private static double pct(List<Long> sorted, int percentile) {
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
      return sorted.get(Math.max(0, index)) / 1e6;
    }
  }
}
