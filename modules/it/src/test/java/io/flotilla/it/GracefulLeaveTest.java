package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.cloud.local.LocalCloudServer;
import io.flotilla.cloud.local.VersionBehavior;
import io.flotilla.testkit.TestCassandra;
import io.flotilla.testkit.TestNodeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: a node of a three-node cluster gets SIGTERM while releases are rolling out. Coordinated shutdown unbinds its
 * API port first (while the process still runs), its management {@code /ready} stops passing, its shards hand off and it
 * leaves the cluster (the others see it leave, never unreachable or downed), and it exits with 0. Its services'
 * endpoints run on the remaining nodes, their rollouts complete, and no version ever had two environments.
 */
class GracefulLeaveTest {
  private static final int SERVICES = 6;
  private static final Duration EXIT_BOUND = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTerminatedNodeHandsItsEndpointsOffLeavesTheClusterAndExitsWithZero() throws Exception {
    try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults()
            .withHealthCheckInterval(Duration.ofMillis(200)));
        LocalCloudServer control = LocalCloudServer.start(cloud, 0)) {
      // 2.0.0 takes a moment to start, so releases are still provisioning or holding when the node leaves
      cloud.faults().overrideVersion("2.0.0", VersionBehavior.WELL_BEHAVED.withStartup(Duration.ofSeconds(2)));
      String keyspace = TestNodeConfig.newKeyspace("leave");
      int seedPort = TestCassandra.freePort();
      Map<String, NodeProcess> nodes = new LinkedHashMap<>();
      List<AliveSampler> samplers = new ArrayList<>();
      try {
        for (String name : List.of("a", "b", "c")) {
          int port = name.equals("a") ? seedPort : TestCassandra.freePort();
          nodes.put("pekko://flotilla@127.0.0.1:" + port, NodeProcess.startWith("leave-" + name, keyspace,
              clusterConfig(control.url(), port, seedPort)));
        }
        ApiClient api = new ApiClient(nodes.values().iterator().next().apiUrl());
        Eventually.until(Duration.ofSeconds(60), () -> upMembers(api) == 3, "three members Up");
        for (NodeProcess node : nodes.values()) {
          assertEquals(200, status(node.managementUrl() + "/ready"), "management /ready agrees with /readyz");
          assertEquals(200, status(node.managementUrl() + "/alive"));
        }
        List<String> services = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
          String name = "leave-%02d".formatted(i);
          assertEquals(201, api.putYaml("/api/v1/services/" + name, spec(name)).status());
          api.release(name, "1.0.0");
          services.add(name);
        }
        for (String service : services) {
          awaitPromoted(api, service, "1.0.0", Duration.ofSeconds(90));
          samplers.add(AliveSampler.start(cloud, service, env -> "2.0.0".equals(env.version())));
          assertEquals(202, api.release(service, "2.0.0").status());
        }

        Map<String, Integer> entities = endpointEntities(api);
        String victimAddress = entities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertTrue(entities.get(victimAddress) > 0, "the leaving node hosts endpoints: " + entities);
        NodeProcess victim = nodes.remove(victimAddress);
        List<ApiClient> survivors = nodes.values().stream().map(node -> new ApiClient(node.apiUrl())).toList();
        int total = entities.values().stream().mapToInt(Integer::intValue).sum();

        long inFlight = services.stream().filter(service -> api.status(service).path("activeRelease").isObject())
            .count();
        assertTrue(inFlight > 0, "releases are rolling out when the node leaves");
        try (ShutdownWatch watch = ShutdownWatch.start(victim, nodes.values().iterator().next(), victimAddress)) {
          Eventually.until(Duration.ofSeconds(10), () -> watch.statusesSeen().contains("Up"),
              "the watch to see the member Up");
          long terminatedAt = System.nanoTime();
          victim.terminate();
          int exit = victim.awaitExit(EXIT_BOUND);
          Duration took = Duration.ofNanos(System.nanoTime() - terminatedAt);
          System.out.printf("SIGTERM to %s (%d of %d endpoints, %d releases rolling out): exit %d after %d ms; API port refused %d ms after "
              + "SIGTERM, while the process ran; statuses seen by a survivor %s; %d management /ready answers after "
              + "the port closed, %d of them 200%n", victimAddress, entities.get(victimAddress), total, inFlight, exit,
              took.toMillis(), watch.refusedAfterMillis(terminatedAt), watch.statusesSeen(), watch.readyAnswers.get(),
              watch.readyPassed.get());
          assertEquals(0, exit, "exit status; see " + victim.log());
          assertTrue(watch.refusedWhileAlive.get(), "the API port stopped accepting before the process ended");
          assertEquals(0, watch.readyPassed.get(), "management /ready never passed once the API port was closed");
          watch.awaitRemoved(Duration.ofSeconds(20));
          assertFalse(watch.statusesSeen().contains("Down"), "never downed: " + watch.statusesSeen());
          assertTrue(watch.statusesSeen().contains("Leaving") || watch.statusesSeen().contains("Exiting"),
              "seen leaving: " + watch.statusesSeen());
          assertFalse(watch.seenUnreachable.get(), "never unreachable");
        }
        for (ApiClient survivor : survivors) {
          JsonNode view = survivor.get("/api/v1/cluster").body();
          assertEquals(2, view.path("members").size(), view.toString());
          view.path("members").forEach(member -> assertEquals("Up", member.path("status").asText()));
          assertEquals(0, view.path("unreachable").size(), view.toString());
        }
        // remembered entities: every endpoint runs again, on the two remaining nodes
        Eventually.until(Duration.ofSeconds(30), () -> {
          Map<String, Integer> now = endpointEntities(survivors.get(0));
          return now.size() == 2 && !now.containsKey(victimAddress)
              && now.values().stream().mapToInt(Integer::intValue).sum() >= SERVICES;
        }, "every endpoint to run on the remaining nodes");
        for (String service : services) {
          awaitPromoted(survivors.get(1), service, "2.0.0", Duration.ofSeconds(90));
          assertEquals(1, environmentsRequested(survivors.get(0), service, "2.0.0"),
              "one environment decided for 2.0.0 of " + service);
        }
        System.out.printf("after the leave: endpoints per node %s; all %d rollouts promoted%n",
            endpointEntities(survivors.get(0)), SERVICES);
      } finally {
        samplers.forEach(AliveSampler::close);
        for (NodeProcess node : nodes.values()) {
          node.close();
        }
      }
      for (int i = 0; i < samplers.size(); i++) {
        assertEquals(1, samplers.get(i).most(), "never two environments of 2.0.0 alive for leave-0" + i);
      }
    }
  }

  /**
   * Watches the leaving node from outside: its API port (a TCP connect every 20 ms, noting whether the process still
   * ran when it was first refused), its management {@code /ready} once the port is closed, and its status in a
   * survivor's membership (management's {@code /cluster/members} every 50 ms: the API's cluster view also asks every
   * shard region for statistics, too slow to catch a leave of a few seconds).
   */
  private static final class ShutdownWatch implements AutoCloseable {
    final AtomicBoolean refusedWhileAlive = new AtomicBoolean();
    final AtomicLong refusedAt = new AtomicLong();
    final AtomicInteger readyAnswers = new AtomicInteger();
    final AtomicInteger readyPassed = new AtomicInteger();
    final AtomicBoolean seenUnreachable = new AtomicBoolean();
    final AtomicBoolean removed = new AtomicBoolean();
    private final Set<String> statuses = new ConcurrentSkipListSet<>();
    private final List<Thread> threads = new ArrayList<>();

    static ShutdownWatch start(NodeProcess node, NodeProcess survivor, String address) {
      ShutdownWatch watch = new ShutdownWatch();
      URI api = URI.create(node.apiUrl());
      watch.run("port-watch", () -> {
        while (node.isAlive() && watch.refusedAt.get() == 0) {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(api.getHost(), api.getPort()), 500);
          } catch (IOException refused) {
            boolean alive = node.isAlive();
            watch.refusedAt.set(System.nanoTime());
            watch.refusedWhileAlive.set(alive);
            break;
          }
          Eventually.sleep(20);
        }
        while (node.isAlive()) {
          int status = status(node.managementUrl() + "/ready");
          if (status > 0) {
            watch.readyAnswers.incrementAndGet();
            if (status == 200) {
              watch.readyPassed.incrementAndGet();
            }
          }
          Eventually.sleep(50);
        }
      });
      watch.run("member-watch", () -> {
        while (!watch.removed.get()) {
          JsonNode members = membersOf(survivor);
          if (members != null) {
            boolean member = false;
            for (JsonNode each : members.path("members")) {
              if (each.path("node").asText().equals(address)) {
                member = true;
                watch.statuses.add(each.path("status").asText());
              }
            }
            for (JsonNode each : members.path("unreachable")) {
              if (each.path("node").asText().equals(address)) {
                watch.seenUnreachable.set(true);
              }
            }
            watch.removed.set(!member);
          }
          Eventually.sleep(50);
        }
      });
      return watch;
    }

    private void run(String name, Runnable body) {
      Thread thread = new Thread(body, name);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }

    long refusedAfterMillis(long terminatedAt) {
      return refusedAt.get() == 0 ? -1 : Duration.ofNanos(refusedAt.get() - terminatedAt).toMillis();
    }

    Set<String> statusesSeen() {
      return Set.copyOf(statuses);
    }

    void awaitRemoved(Duration timeout) {
      Eventually.until(timeout, removed::get, "the survivors to see the member removed");
    }

    @Override
    public void close() throws InterruptedException {
      removed.set(true);
      for (Thread thread : threads) {
        thread.join(5_000);
      }
    }
  }

  /** A node's membership as management's {@code /cluster/members} shows it, or null when it does not answer. */
  private static JsonNode membersOf(NodeProcess node) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(node.managementUrl() + "/cluster/members")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int upMembers(ApiClient api) {
    int up = 0;
    for (JsonNode member : api.get("/api/v1/cluster").body().path("members")) {
      up += member.path("status").asText().equals("Up") ? 1 : 0;
    }
    return up;
  }

  /** Endpoint entities per member address, from the cluster view. */
  private static Map<String, Integer> endpointEntities(ApiClient api) {
    Map<String, Integer> entities = new LinkedHashMap<>();
    for (JsonNode member : api.get("/api/v1/cluster").body().path("members")) {
      entities.put(member.path("address").asText(), member.path("sharding").path("Endpoint").path("entities").asInt());
    }
    return entities;
  }

  private static void awaitPromoted(ApiClient api, String service, String version, Duration timeout) {
    Eventually.until(timeout, () -> {
      JsonNode status = api.status(service);
      JsonNode history = status.path("history");
      return !status.path("activeRelease").isObject() && history.size() > 0
          && history.get(history.size() - 1).path("version").asText().equals(version)
          && history.get(history.size() - 1).path("phase").asText().equals("Promoted");
    }, service + " " + version + " to be promoted");
  }

  private static int environmentsRequested(ApiClient api, String service, String version) {
    int requested = 0;
    for (JsonNode event : api.get("/api/v1/events?service=" + service + "&limit=1000").body().path("events")) {
      if (event.path("type").asText().equals("EnvironmentRequested")
          && event.path("data").path("environment").path("version").asText().equals(version)) {
        requested++;
      }
    }
    return requested;
  }

  /** The HTTP status of a GET, or 0 when nothing answers. */
  private static int status(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .header("Authorization", "Bearer " + TestNodeConfig.ADMIN_TOKEN).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static String clusterConfig(String cloudUrl, int port, int seedPort) {
    return """
        flotilla.cloud.kind = remote-local
        flotilla.cloud.remote-local.url = "%s"
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = ["pekko://flotilla@127.0.0.1:%d"]
        """.formatted(cloudUrl, port, seedPort);
  }

  private static String spec(String name) {
    return """
        name: %s
        image: demo/leave
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 50, hold: 4s}, {weight: 100}], environmentTimeout: 1m}
        analysis: {metrics: []}
        """.formatted(name);
  }
}
