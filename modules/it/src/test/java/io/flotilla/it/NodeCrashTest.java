package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.cloud.local.LocalCloudServer;
import io.flotilla.cloud.local.VersionBehavior;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Criterion g: a node process is killed (SIGKILL) mid-rollout and a new node is started on the same Cassandra: the
 * rollout continues where it was and no second environment is ever created for the same version.
 */
class NodeCrashTest {
  @Test
  void rolloutContinuesOnANewNodeAfterACrashWithoutDuplicatingEnvironments() throws Exception {
    try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults()
            .withHealthCheckInterval(Duration.ofMillis(200)));
        LocalCloudServer control = LocalCloudServer.start(cloud, 0)) {
      // 2.0.0 takes a while to start, so the first kill lands while its environment is being provisioned
      cloud.faults().overrideVersion("2.0.0", VersionBehavior.WELL_BEHAVED.withStartup(Duration.ofSeconds(6)));
      String keyspace = TestNodeConfig.newKeyspace("crash");
      AliveSampler canaries = AliveSampler.start(cloud, "crashy", env -> "2.0.0".equals(env.version()));

      NodeProcess first = NodeProcess.start("crash-a", keyspace, control.url());
      ApiClient api = new ApiClient(first.apiUrl());
      assertEquals(201, api.putYaml("/api/v1/services/crashy", """
          name: crashy
          image: demo/crashy
          runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
          rollout: {steps: [{weight: 30, hold: 8s}, {weight: 100}], environmentTimeout: 2m}
          analysis: {metrics: []}
          """).status());
      api.release("crashy", "1.0.0");
      awaitIdle(api, Duration.ofSeconds(60));
      api.release("crashy", "2.0.0");
      Eventually.until(Duration.ofSeconds(30), () -> "Provisioning".equals(phase(api)), "provisioning 2.0.0");
      first.kill();
      System.out.println("killed node a while 2.0.0 was provisioning");

      NodeProcess second = NodeProcess.start("crash-b", keyspace, control.url());
      ApiClient apiB = new ApiClient(second.apiUrl());
      Eventually.until(Duration.ofSeconds(60), () -> "Holding".equals(phase(apiB)), "node b to reach the hold");
      int step = apiB.status("crashy").path("activeRelease").path("step").asInt();
      second.kill();
      System.out.println("killed node b while holding step " + step);

      try (NodeProcess third = NodeProcess.start("crash-c", keyspace, control.url())) {
        ApiClient apiC = new ApiClient(third.apiUrl());
        JsonNode active = apiC.status("crashy").path("activeRelease");
        if (active.isObject()) {
          assertEquals("2.0.0", active.path("version").asText());
          assertTrue(List.of("Holding", "Shifting").contains(active.path("phase").asText()),
              "continues from the hold, not from the start: " + active);
        }
        JsonNode done = awaitIdle(apiC, Duration.ofSeconds(90));
        JsonNode history = done.path("history");
        JsonNode last = history.get(history.size() - 1);
        assertEquals("2.0.0", last.path("version").asText());
        assertEquals("Promoted", last.path("phase").asText());
        assertEquals("2.0.0", done.path("desired").get(0).path("version").asText());

        JsonNode events = apiC.get("/api/v1/events?service=crashy&limit=1000").body().path("events");
        int requested = 0;
        for (JsonNode event : events) {
          if (event.path("type").asText().equals("EnvironmentRequested")
              && event.path("data").path("environment").path("version").asText().equals("2.0.0")) {
            requested++;
          }
        }
        assertEquals(1, requested, "one environment decided for 2.0.0");
      } finally {
        canaries.close();
      }
      assertEquals(1, canaries.most(), "never two environments of 2.0.0 alive");
    }
  }

  @Test
  void analysisResumesOnANewNodeAfterACrashAndStillDecides() throws Exception {
    try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults()
            .withHealthCheckInterval(Duration.ofMillis(200)));
        LocalCloudServer control = LocalCloudServer.start(cloud, 0)) {
      String keyspace = TestNodeConfig.newKeyspace("crashjudge");
      NodeProcess first = NodeProcess.start("judge-a", keyspace, control.url());
      ApiClient api = new ApiClient(first.apiUrl());
      assertEquals(201, api.putYaml("/api/v1/services/judged", """
          name: judged
          image: demo/judged
          runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
          rollout: {steps: [{weight: 25, hold: 2m}, {weight: 100}], environmentTimeout: 1m}
          analysis: {interval: 2s, warmup: 1s, minRequests: 50}
          """).status());
      api.release("judged", "1.0.0");
      String url = Eventually.value(Duration.ofSeconds(60), () -> {
        JsonNode status = api.status("judged");
        return status.path("activeRelease").isObject() ? null : status.path("endpointUrl").asText(null);
      }, "1.0.0 serving");
      try (LoadGenerator load = LoadGenerator.start(url, 200)) {
        api.release("judged", "2.0.0-bad");
        Eventually.until(Duration.ofSeconds(60), () -> "Holding".equals(api.status("judged")
            .path("activeRelease").path("phase").asText()), "2.0.0-bad holding under analysis");
        first.kill();
        System.out.println("killed node a while 2.0.0-bad was being analysed");
        try (NodeProcess second = NodeProcess.start("judge-b", keyspace, control.url())) {
          ApiClient apiB = new ApiClient(second.apiUrl());
          JsonNode done = Eventually.value(Duration.ofSeconds(90), () -> {
            JsonNode status = apiB.status("judged");
            return status.path("activeRelease").isObject() ? null : status;
          }, "the release to end on node b");
          JsonNode last = done.path("history").get(done.path("history").size() - 1);
          assertEquals("RolledBack", last.path("phase").asText(), last.toString());
          assertTrue(last.path("reason").asText().startsWith("analysis failed"), last.path("reason").asText());
        }
      }
    }
  }

  private static String phase(ApiClient api) {
    return api.status("crashy").path("activeRelease").path("phase").asText();
  }

  private static JsonNode awaitIdle(ApiClient api, Duration timeout) {
    return Eventually.value(timeout, () -> {
      JsonNode status = api.status("crashy");
      return status.path("activeRelease").isObject() ? null : status;
    }, "crashy to finish its release");
  }
}
