package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.RuntimeSpec;
import io.flotilla.server.CloudBoot;
import io.flotilla.server.FlotillaNode;
import io.flotilla.testkit.TestCassandra;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orphan sweeper on a real node (real Cassandra, the local cloud): of four stacks, one released and owned, one
 * Flotilla-tagged stray of a service no endpoint knows, one without the owner tag and one of another owner, a dry
 * run reports only the stray, and a real sweep deletes it and leaves the other three running.
 */
class OrphanSweepTest {
  private static final Placement LOCAL = new Placement("local", "local");
  private static final String STRAY = "ghost-1.0.0-r1";

  private static LocalCloud cloud;
  private static FlotillaNode node;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    cloud = LocalCloud.start(LocalCloudConfig.defaults().withHealthCheckInterval(Duration.ofMillis(200)));
    // no periodic sweeps: the test asks for each one; a short grace period so the stray becomes due quickly
    Config config = ConfigFactory.parseString("""
        flotilla.http.port = 0
        flotilla.cassandra.embedded = off
        flotilla.engine.sweeper {
          enabled = off
          grace-period = 2s
        }
        """).withFallback(TestNodeConfig.node(TestCassandra.contactPoint(), TestNodeConfig.newKeyspace("orphans"), 0));
    node = FlotillaNode.start(config, new CloudBoot.Started(cloud.provider(), "test local cloud", null, cloud::close));
    api = new ApiClient(node.apiUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void onlyTheTaggedStackOfAnUnknownServiceIsDeletedAfterItsGracePeriod() {
    ApiClient.Response before = api.get("/api/v1/orphans");
    assertEquals(200, before.status(), before.text());
    assertEquals(0, before.body().path("sweeps").asInt());

    String kept = releaseKept();
    cloud.faults().createStray(LOCAL, "ghost", "1.0.0", STRAY);
    create("handmade-1", "handmade", Map.of());
    create("foreign-1", "foreign", Map.of(Tags.OWNER, "someone-else"));
    Set<String> all = Set.of(kept, STRAY, "handmade-1", "foreign-1");
    assertEquals(all, liveIds());

    JsonNode waiting = sweep(true);
    assertEquals(List.of(STRAY + " WAITING_GRACE"), findings(waiting));
    assertTrue(waiting.path("dryRun").asBoolean());
    assertTrue(waiting.path("placements").toString().contains("\"local\""), waiting.toString());
    JsonNode dryRun = Eventually.value(Duration.ofSeconds(30), () -> {
      JsonNode report = sweep(true);
      return findings(report).equals(List.of(STRAY + " WAITING_GRACE")) ? null : report;
    }, "the stray's grace period to pass");
    assertEquals(List.of(STRAY + " WOULD_DELETE"), findings(dryRun));
    JsonNode stray = dryRun.path("findings").get(0);
    assertEquals("ghost", stray.path("service").asText());
    assertEquals("1.0.0", stray.path("version").asText());
    assertEquals(waiting.path("findings").get(0).path("firstSeen").asText(), stray.path("firstSeen").asText());
    assertEquals(all, liveIds(), "a dry run deletes nothing");

    JsonNode deleted = sweep(false);
    assertEquals(List.of(STRAY + " DELETED"), findings(deleted));
    assertEquals(Set.of(kept, "handmade-1", "foreign-1"), liveIds());
    assertEquals(deleted.path("sweeps").asInt(), api.get("/api/v1/orphans").body().path("sweeps").asInt());
    assertEquals(404, api.get("/api/v1/services/ghost").status(), "asking about the stray created no service");
    assertEquals(List.of(), findings(sweep(false)), "nothing left to find");
  }

  @Test
  void sweepWithAMalformedDryRunIsRefusedNamingTheField() {
    ApiClient.Response refused = api.post("/api/v1/orphans/sweep", "{\"dryRun\": \"yes\"}");

    assertEquals(400, refused.status(), refused.text());
    assertEquals("invalid_request", refused.body().path("error").asText());
    assertEquals("dryRun", refused.body().path("details").get(0).path("field").asText());
  }

  /** Registers and releases the owned service; returns its environment id. */
  private static String releaseKept() {
    String yaml = """
        name: kept
        image: demo/kept
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}]}
        analysis: {metrics: []}
        """;
    ApiClient.Response registered = api.putYaml("/api/v1/services/kept", yaml);
    assertEquals(201, registered.status(), registered.text());
    assertEquals(202, api.release("kept", "1.0.0").status());
    Eventually.until(Duration.ofSeconds(60), () -> {
      JsonNode active = api.status("kept").path("activeRelease");
      return active.isMissingNode() || active.isNull();
    }, "kept to finish its release");
    return cloud.scan(LOCAL).toCompletableFuture().join().environmentsOf("kept").get(0).environmentId();
  }

  /** An environment made outside Flotilla, with exactly these extra tags (the local cloud adds service and id). */
  private static void create(String id, String service, Map<String, String> tags) {
    RuntimeSpec runtime = new RuntimeSpec("local", 1, 1, 0, List.of(), Map.of(), HealthCheck.DEFAULT);
    cloud.create(new EnvironmentRequest(id, LOCAL, service, "1.0.0", 1, "demo/" + service, runtime, tags))
        .toCompletableFuture().join();
  }

  private static Set<String> liveIds() {
    return cloud.scan(LOCAL).toCompletableFuture().join().environments().stream()
        .map(EnvironmentInfo::environmentId).collect(Collectors.toSet());
  }

  private static JsonNode sweep(boolean dryRun) {
    ApiClient.Response response = api.post("/api/v1/orphans/sweep", "{\"dryRun\": " + dryRun + "}");
    assertEquals(200, response.status(), response.text());
    assertEquals(dryRun, response.body().path("dryRun").asBoolean());
    return response.body();
  }

  /** Each finding as "environment ACTION". */
  private static List<String> findings(JsonNode report) {
    return StreamSupport.stream(report.path("findings").spliterator(), false)
        .map(finding -> finding.path("environmentId").asText() + " " + finding.path("action").asText())
        .toList();
  }
}
