package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiNodeExtension.class)
class ClusterRoutesTest {
  private final ApiNode node;

  ClusterRoutesTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void aOneNodeClusterShowsItselfUpAsLeaderWithTheEndpointShardsItHosts() {
    String name = Specs.uniqueName("cluster");
    assertEquals(201, node.put("/api/v1/services/" + name, "application/yaml", Specs.yaml(name)).status());

    // the shard of the new service answers the statistics once it has started
    JsonNode cluster = Eventually.until(Duration.ofSeconds(20), () -> node.get("/api/v1/cluster").json(),
        body -> body.path("sharding").path("Endpoint").path("entities").asInt() >= 1);
    String self = cluster.path("self").asText();
    assertTrue(self.startsWith("pekko://api-test@127.0.0.1:"), self);
    assertEquals(self, cluster.path("leader").asText());
    assertEquals(1, cluster.path("members").size(), cluster.toString());
    JsonNode member = cluster.path("members").path(0);
    assertEquals(self, member.path("address").asText());
    assertEquals("Up", member.path("status").asText());
    assertTrue(member.path("reachable").asBoolean());
    assertTrue(member.path("self").asBoolean());
    assertTrue(member.path("startedAt").asText().endsWith("Z"), member.toString());
    assertEquals(0, cluster.path("unreachable").size());

    JsonNode endpoints = cluster.path("sharding").path("Endpoint");
    JsonNode onNode = member.path("sharding").path("Endpoint");
    assertEquals(1, endpoints.path("regions").asInt());
    assertTrue(onNode.path("shards").asInt() >= 1, cluster.toString());
    assertEquals(endpoints.path("shards").asInt(), onNode.path("shards").asInt(), "one node hosts every shard");
    assertEquals(endpoints.path("entities").asInt(), onNode.path("entities").asInt());
    assertEquals(0, endpoints.path("failedShards").size());
  }
}
