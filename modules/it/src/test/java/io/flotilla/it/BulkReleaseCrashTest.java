package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.cloud.local.LocalCloudServer;
import io.flotilla.cloud.local.VersionBehavior;
import io.flotilla.testkit.TestCassandra;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Criterion b: a three-node cluster (forked node processes, one local cloud) runs a bulk release; the node the bulk
 * runs on is killed with SIGKILL mid-bulk. The cluster downs it, the bulk restarts on another node from its events
 * (remembered entities) and finishes, and no item was started twice: each service's journal has exactly one
 * {@code ReleaseRequested} from the bulk.
 */
class BulkReleaseCrashTest {
  private static final int SERVICES = 24;
  private static final int MAX_CONCURRENT = 4;

  @Test
  void anotherNodeFinishesTheBulkOfAKilledNodeWithoutStartingAnyItemTwice() throws Exception {
    try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults()
            .withHealthCheckInterval(Duration.ofMillis(200)));
        LocalCloudServer control = LocalCloudServer.start(cloud, 0)) {
      // each item takes a few seconds, so several are in flight when the node dies
      cloud.faults().overrideVersion("2.0.0", VersionBehavior.WELL_BEHAVED.withStartup(Duration.ofSeconds(3)));
      String keyspace = TestNodeConfig.newKeyspace("bulkcrash");
      int seedPort = TestCassandra.freePort();
      Map<String, NodeProcess> nodes = new LinkedHashMap<>();
      try {
        for (String name : List.of("a", "b", "c")) {
          int port = name.equals("a") ? seedPort : TestCassandra.freePort();
          nodes.put("pekko://flotilla@127.0.0.1:" + port, NodeProcess.startWith("bulk-crash-" + name, keyspace,
              clusterConfig(control.url(), port, seedPort)));
        }
        ApiClient api = new ApiClient(nodes.values().iterator().next().apiUrl());
        List<String> services = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
          String name = "crash-bulk-%02d".formatted(i);
          assertEquals(201, api.putYaml("/api/v1/services/" + name, spec(name)).status());
          services.add(name);
        }
        String items = services.stream().map(name -> "{\"service\": \"" + name + "\", \"version\": \"2.0.0\"}")
            .collect(Collectors.joining(","));
        ApiClient.Response accepted = api.post("/api/v1/releases", "{\"items\": [" + items + "], \"maxConcurrent\": "
            + MAX_CONCURRENT + ", \"failureBudget\": 1}");
        assertEquals(202, accepted.status(), accepted.text());
        String bulkId = accepted.body().path("id").asText();

        // best: kill while items are starting (recorded as started, their endpoints' answers not yet recorded);
        // the moment is short, so after a while any moment with items in flight will do
        JsonNode midway;
        try {
          midway = Eventually.value(Duration.ofSeconds(60), () -> {
            JsonNode bulk = api.get("/api/v1/releases/" + bulkId + "?limit=1").body();
            return bulk.path("counts").path("promoted").asInt() >= SERVICES / 4
                && bulk.path("counts").path("starting").asInt() > 0 ? bulk : null;
          }, "a quarter of the items promoted, and some starting");
        } catch (AssertionError notCaught) {
          midway = Eventually.value(Duration.ofMinutes(2), () -> {
            JsonNode bulk = api.get("/api/v1/releases/" + bulkId + "?limit=1").body();
            return bulk.path("counts").path("starting").asInt() + bulk.path("counts").path("in-flight").asInt() > 0
                && !bulk.path("finished").asBoolean() ? bulk : null;
          }, "items in flight");
        }
        String host = midway.path("node").asText();
        NodeProcess victim = nodes.remove(host);
        assertTrue(victim != null, "the bulk runs on one of the nodes: " + host + " not in " + nodes.keySet());
        victim.kill();
        System.out.printf("killed %s, where bulk %s ran with %s%n", host, bulkId, midway.path("counts"));

        ApiClient survivor = new ApiClient(nodes.values().iterator().next().apiUrl());
        JsonNode done = Eventually.value(Duration.ofMinutes(4), () -> {
          ApiClient.Response response = survivor.get("/api/v1/releases/" + bulkId + "?limit=" + SERVICES);
          return response.status() == 200 && response.body().path("finished").asBoolean() ? response.body() : null;
        }, "the bulk to finish on a surviving node");
        assertNotEquals(host, done.path("node").asText(), "the bulk moved");
        assertTrue(nodes.containsKey(done.path("node").asText()), done.path("node").asText());
        assertEquals("completed", done.path("state").asText(), done.toString());
        assertEquals(SERVICES, done.path("counts").path("promoted").asInt(), done.path("counts").toString());

        List<BulkChecks.Item> bulkItems = BulkChecks.items(survivor, bulkId);
        List<BulkChecks.Release> releases = new ArrayList<>();
        for (BulkChecks.Item item : bulkItems) {
          List<BulkChecks.Release> ofItem = BulkChecks.releases(survivor, item.service(), bulkId);
          assertEquals(1, ofItem.size(), "one ReleaseRequested for " + item.service() + ": " + ofItem);
          assertEquals(bulkId + "/" + item.index(), ofItem.get(0).requestId());
          assertEquals(1, BulkChecks.releasesRequested(survivor, item.service()), item.service());
          JsonNode status = survivor.status(item.service());
          assertEquals(1, status.path("history").size(), status.toString());
          assertEquals("Promoted", status.path("history").path(0).path("phase").asText());
          releases.addAll(ofItem);
        }
        int mostByEndpoints = BulkChecks.mostAtOnce(releases.stream()
            .map(release -> new BulkChecks.Span(release.requestedAt(), release.endedAt())).toList());
        int mostByBulk = BulkChecks.mostAtOnce(bulkItems.stream()
            .map(item -> new BulkChecks.Span(item.startedAt(), item.endedAt())).toList());
        assertTrue(mostByEndpoints <= MAX_CONCURRENT, "endpoints ran " + mostByEndpoints + " at once");
        assertTrue(mostByBulk <= MAX_CONCURRENT, "the bulk ran " + mostByBulk + " at once");
        // an endpoint answers "no-op" to a request id it has seen: items asked again after the crash
        long askedAgain = bulkItems.stream().filter(item -> "no-op".equals(item.answer())).count();
        System.out.printf("bulk %s finished on %s: %d promoted, one release each; %d items asked again after the "
            + "crash and recognised by their endpoints; most at once %d (bulk) / %d (endpoints)%n", bulkId,
            done.path("node").asText(), SERVICES, askedAgain, mostByBulk, mostByEndpoints);

        assertLargeRequestsReachBulksOnOtherNodes(survivor, nodes.keySet(), services.get(0));
      } finally {
        for (NodeProcess node : nodes.values()) {
          node.close();
        }
      }
    }
  }

  /**
   * A request of 10,000 items is one message of a few hundred KiB; when its bulk lives on another node it crosses
   * the network (over Artery's large-message lane). Bulks are made until one lands on a node other than the one
   * asked; one item is valid (its version already serves, so nothing is released), the others are invalid.
   */
  private static void assertLargeRequestsReachBulksOnOtherNodes(ApiClient api, java.util.Set<String> nodes,
      String service) {
    StringBuilder items = new StringBuilder("{\"service\": \"" + service + "\", \"version\": \"2.0.0\"}");
    for (int i = 1; i < 10_000; i++) {
      items.append(",{\"service\": \"a-service-with-a-rather-long-name-%05d\", \"version\": \"not valid\"}"
          .formatted(i));
    }
    String body = "{\"items\": [" + items + "]}";
    String asked = null;
    for (int attempt = 0; attempt < 12; attempt++) {
      ApiClient.Response accepted = api.post("/api/v1/releases", body);
      assertEquals(202, accepted.status(), accepted.text());
      JsonNode bulk = Eventually.value(Duration.ofSeconds(30), () -> {
        JsonNode view = api.get("/api/v1/releases/" + accepted.body().path("id").asText() + "?limit=1").body();
        return view.path("finished").asBoolean() ? view : null;
      }, "the large bulk to finish");
      assertEquals("unchanged", bulk.path("items").path(0).path("state").asText(), bulk.toString());
      assertEquals(9_999, bulk.path("counts").path("invalid").asInt());
      String node = bulk.path("node").asText();
      assertTrue(nodes.contains(node), node);
      if (asked == null) {
        asked = node;
      }
      if (!node.equals(asked)) {
        System.out.printf("a %d KiB request reached its bulk on another node (%s)%n", body.length() / 1024, node);
        return;
      }
    }
    throw new AssertionError("every bulk landed on " + asked + "; could not check a request crossing nodes");
  }

  /** A node of the test cluster: remote local cloud, its Artery port, node a as seed, quick downing. */
  private static String clusterConfig(String cloudUrl, int port, int seedPort) {
    return """
        flotilla.cloud.kind = remote-local
        flotilla.cloud.remote-local.url = "%s"
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = ["pekko://flotilla@127.0.0.1:%d"]
        pekko.cluster.split-brain-resolver.stable-after = 5s
        flotilla.bulk.poll-interval = 500ms
        """.formatted(cloudUrl, port, seedPort);
  }

  private static String spec(String name) {
    return """
        name: %s
        image: demo/crash
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}], environmentTimeout: 1m}
        analysis: {metrics: []}
        """.formatted(name);
  }
}
