package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.cloud.local.LocalCloudServer;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, criterion a: three node processes, 100 services rolling out at once, one node killed with SIGKILL about
 * every 20 s and started again on its old address. Releases have holds, so each is hit by several kills; most are
 * good, some must be rolled back (an alarm fires) or fail (never healthy), and some get user actions mid-rollout (a
 * rollback, a release queued behind the active one, a queued release replaced). Clients talk to live nodes only and
 * retry with the same Idempotency-Key. At the end every release ended as its request implies, every acknowledged
 * request is in the service's journal, no version ever had two environments, and after GC and a sweep no orphan is
 * left in the cloud.
 */
class ChaosTest {
  private static final Placement LOCAL = new Placement("local", "local");
  private static final int MIN_KILLS = 4;
  private static final Duration KILL_EVERY = Duration.ofSeconds(20);
  private static final Duration CHAOS_AT_MOST = Duration.ofMinutes(4);

  @Test
  void everyReleaseEndsAsItsRequestImpliesWhileANodeIsKilledEveryTwentySeconds() throws Exception {
    try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults());
        LocalCloudServer control = LocalCloudServer.start(cloud, 0);
        ChaosCluster cluster = ChaosCluster.start(TestNodeConfig.newKeyspace("chaos"), List.of("a", "b", "c"),
            nodeConfig(control.url()))) {
      Map<String, ChaosPlan> plans = ChaosPlan.assign();
      ApiClient setup = new ApiClient(cluster.liveUrls().get(0));
      for (Map.Entry<String, ChaosPlan> plan : plans.entrySet()) {
        ApiClient.Response registered = setup.putYaml("/api/v1/services/" + plan.getKey(),
            plan.getValue().spec(plan.getKey()));
        assertEquals(201, registered.status(), registered.text());
      }
      releaseFirstVersion(setup, plans.keySet());

      ChaosClient client = new ChaosClient(cluster::liveUrls);
      ChaosReport report = new ChaosReport();
      ExecutorService users = Executors.newFixedThreadPool(plans.size());
      try (VersionSampler versions = VersionSampler.start(cloud, 200);
          ProgressMonitor progress = ProgressMonitor.start(cluster::liveUrls, List.copyOf(plans.keySet()),
              Duration.ofMillis(1500))) {
        Instant chaosStart = Instant.now();
        List<Future<?>> scripts = new ArrayList<>();
        AtomicInteger killsStarted = new AtomicInteger();
        IntConsumer afterKill = kill -> Eventually.until(CHAOS_AT_MOST, () -> killsStarted.get() >= kill,
            "kill " + kill);
        plans.forEach((service, plan) -> scripts.add(users.submit(() -> plan.run(service, client, afterKill,
            alarm -> cloud.faults().setAlarm(LOCAL, alarm, AlarmState.ALARM)))));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Instant lastKill = Instant.now();
        while (report.kills() < MIN_KILLS
            || (!scripts.stream().allMatch(Future::isDone) || progress.busyServices() > 0)
                && Duration.between(chaosStart, Instant.now()).compareTo(CHAOS_AT_MOST) < 0) {
          Duration sinceLastKill = Duration.between(lastKill, Instant.now());
          if (sinceLastKill.compareTo(KILL_EVERY) < 0) {
            Thread.sleep(KILL_EVERY.minus(sinceLastKill).toMillis());
          }
          String victim = cluster.names().get(random.nextInt(cluster.names().size()));
          lastKill = Instant.now();
          cluster.kill(victim);
          Instant killed = Instant.now();
          killsStarted.incrementAndGet();
          cluster.restart(victim);
          Instant ready = Instant.now();
          cluster.awaitAllUp(Duration.ofSeconds(120));
          report.killed(victim, Duration.between(chaosStart, killed), Duration.between(killed, ready),
              Duration.between(killed, Instant.now()), progress.busyServices());
        }
        System.out.printf("chaos over after %d s (seed %d); cluster: %s%n",
            Duration.between(chaosStart, Instant.now()).toSeconds(), seed, cluster.describe());
        for (Future<?> script : scripts) {
          script.get();
        }
        for (String service : plans.keySet()) {
          Eventually.until(Duration.ofMinutes(2), () -> idle(client.status(service)), service + " to be idle");
        }
        report.progress(progress, plans);
        versions.check(cloud.scan(LOCAL).toCompletableFuture().join().environments());
        report.versions(versions);
        assertEquals(List.of(), versions.duplicates(), "a version with two environments");
      } finally {
        users.shutdownNow();
      }

      ApiClient api = new ApiClient(cluster.liveUrls().get(0));
      ChaosChecks checks = new ChaosChecks(api, client.sent());
      plans.forEach((service, plan) -> checks.check(service, plan, report));
      assertCollected(cloud, api, plans, report);
      report.requests(client);
      report.print();
      assertEquals(List.of(), checks.failures(), "releases that did not end as their requests imply");
    }
  }

  /** Every service's 1.0.0, in one bulk release before the chaos, so every later release has a baseline. */
  private static void releaseFirstVersion(ApiClient api, java.util.Set<String> services) {
    String items = services.stream().map(name -> "{\"service\": \"" + name + "\", \"version\": \"1.0.0\"}")
        .collect(Collectors.joining(","));
    ApiClient.Response accepted = api.post("/api/v1/releases", "{\"items\": [" + items + "], \"maxConcurrent\": "
        + services.size() + "}");
    assertEquals(202, accepted.status(), accepted.text());
    String bulkId = accepted.body().path("id").asText();
    JsonNode done = Eventually.value(Duration.ofMinutes(3), () -> {
      JsonNode bulk = api.get("/api/v1/releases/" + bulkId + "?limit=1").body();
      return bulk.path("finished").asBoolean() ? bulk : null;
    }, "1.0.0 released everywhere");
    assertEquals(services.size(), done.path("counts").path("promoted").asInt(), done.toString());
  }

  /**
   * After GC every service has exactly the environment it serves, nothing else is in the cloud, and a real sweep
   * finds no orphan.
   */
  private static void assertCollected(LocalCloud cloud, ApiClient api, Map<String, ChaosPlan> plans,
      ChaosReport report) {
    Instant start = Instant.now();
    Map<String, String> serving = new TreeMap<>();
    Eventually.until(Duration.ofMinutes(2), () -> {
      serving.clear();
      for (String service : plans.keySet()) {
        JsonNode status = api.status(service);
        if (status.path("environments").size() != 1) {
          return false;
        }
        serving.put(status.path("environments").get(0).path("id").asText(), service);
      }
      Map<String, String> live = new TreeMap<>();
      for (EnvironmentInfo env : cloud.scan(LOCAL).toCompletableFuture().join().environments()) {
        live.put(env.environmentId(), env.service());
      }
      return live.equals(serving);
    }, "every old environment collected: the cloud holds exactly what the services serve");
    JsonNode periodic = api.get("/api/v1/orphans").body();
    ApiClient.Response sweep = api.post("/api/v1/orphans/sweep", "{\"dryRun\": false}");
    assertEquals(200, sweep.status(), sweep.text());
    assertEquals(0, sweep.body().path("findings").size(), "orphans found by the final sweep: " + sweep.text());
    report.collected(Duration.between(start, Instant.now()), serving.size(), periodic);
  }

  private static boolean idle(JsonNode status) {
    return !status.path("activeRelease").isObject() && !status.path("queuedRelease").isObject();
  }

  /** What every node adds to the cluster's own settings: the shared local cloud, a dry-run sweeper, quick polls. */
  private static String nodeConfig(String cloudUrl) {
    return """
        flotilla.cloud.kind = remote-local
        flotilla.cloud.remote-local.url = "%s"
        flotilla.bulk.poll-interval = 500ms
        flotilla.engine.sweeper {
          dry-run = on
          interval = 15s
          grace-period = 10s
        }
        """.formatted(cloudUrl);
  }
}
