package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet read model against the services themselves: after releases, a promotion, a rollback and a deletion,
 * every row of {@code GET /api/v1/services} says what {@code GET /api/v1/services/{name}} says; and replaying the
 * whole journal into the table, over its rows or into an emptied table, leaves the same rows.
 */
class FleetViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEAM = "fleet-view";
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("fleetview");
    register("promoted");
    register("rolled-back");
    register("holding");
    register("deleted");
    register("idle");
    for (String name : List.of("promoted", "rolled-back", "holding", "deleted")) {
      flotilla.api.release(name, "1.0.0");
    }
    for (String name : List.of("promoted", "rolled-back", "holding", "deleted")) {
      flotilla.awaitIdle(name, Duration.ofSeconds(60));
    }
    flotilla.api.release("rolled-back", "2.0.0");
    flotilla.api.release("holding", "2.0.0");
    flotilla.awaitPhase("rolled-back", "Holding", 0, Duration.ofSeconds(60));
    flotilla.awaitPhase("holding", "Holding", 0, Duration.ofSeconds(60));
    flotilla.api.post("/api/v1/services/rolled-back/rollback", "{\"reason\": \"fleet view test\"}");
    flotilla.awaitIdle("rolled-back", Duration.ofSeconds(30));
    flotilla.api.send("DELETE", "/api/v1/services/deleted");
    Eventually.value(Duration.ofSeconds(60),
        () -> flotilla.api.get("/api/v1/services/deleted").status() == 404 ? true : null, "deleted to go");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  private static void register(String name) {
    flotilla.register("""
        name: %s
        team: %s
        image: demo/%s
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 50, hold: 10m}, {weight: 100}], environmentTimeout: 1m}
        retention: {keepPreviousFor: 1h}
        analysis: {metrics: []}
        """.formatted(name, TEAM, name));
  }

  @Test
  void everyRowSaysWhatItsServiceSays() {
    // the read model trails the journal by up to a couple of seconds
    JsonNode listed = Eventually.value(Duration.ofSeconds(10), () -> {
      JsonNode page = flotilla.api.get("/api/v1/services?team=" + TEAM).body();
      return page.path("services").size() == 4 && matchesStatuses(page) ? page : null;
    }, "the fleet view to show the four services as they are");

    assertEquals(4, listed.path("total").asInt());
    assertEquals(List.of("holding", "idle", "promoted", "rolled-back"), names(listed), "deleted is not listed");
    Map<String, JsonNode> rows = byName(listed);
    assertEquals("Holding", rows.get("holding").path("phase").asText());
    assertEquals(true, rows.get("holding").path("releasing").asBoolean());
    assertEquals(List.of("1.0.0", "2.0.0"), texts(rows.get("holding").path("versions")));
    assertEquals("None", rows.get("idle").path("phase").asText());
    assertEquals("Promoted", rows.get("promoted").path("lastVerdict").path("outcome").asText());
    JsonNode rollback = rows.get("rolled-back");
    assertEquals("RolledBack", rollback.path("phase").asText());
    assertEquals("RolledBack", rollback.path("lastVerdict").path("outcome").asText());
    assertEquals("fleet view test", rollback.path("lastVerdict").path("reason").asText());
    assertEquals("1.0.0", rollback.path("version").asText());
    for (JsonNode row : listed.path("services")) {
      assertEquals("InSync", row.path("health").asText(), row.toString());
    }
  }

  @Test
  void replayingTheJournalLeavesTheSameRows() throws Exception {
    Eventually.value(Duration.ofSeconds(10), () -> matchesStatuses(
        flotilla.api.get("/api/v1/services?team=" + TEAM).body()) ? true : null, "the fleet view to catch up");
    Map<String, JsonNode> before = tableRows();

    // replay every event over the rows there are: each is at or below its row's sequence number
    replayAll("replay-1");
    assertEquals(before, withoutMarkers(tableRows()));

    // and into an empty table: the rows are built again, the same
    session().executeDDL("TRUNCATE " + keyspace() + ".fleet_services").toCompletableFuture().get(30, TimeUnit.SECONDS);
    replayAll("replay-2");
    assertEquals(before, withoutMarkers(tableRows()));
    assertFalse(before.isEmpty());
  }

  /**
   * Clears the projection's offset, so it starts again from the first event, and waits until a service registered
   * after that shows in the table: the events before it have been handled again by then.
   */
  private static void replayAll(String marker) throws Exception {
    ProjectionManagement.get(flotilla.node.system())
        .clearOffset(ProjectionId.of("fleet-view", "endpoint")).toCompletableFuture().get(30, TimeUnit.SECONDS);
    flotilla.register("name: %s\nteam: %s\nimage: demo/marker\n".formatted(marker, TEAM + "-marker"));
    Eventually.value(Duration.ofSeconds(30), () -> tableRows().containsKey(marker) ? true : null,
        marker + " in the table");
  }

  private static Map<String, JsonNode> withoutMarkers(Map<String, JsonNode> rows) {
    Map<String, JsonNode> out = new TreeMap<>(rows);
    out.keySet().removeIf(name -> name.startsWith("replay-"));
    return out;
  }

  /** Every row of the fleet table, as stored (the {@code row} column's JSON). */
  private static Map<String, JsonNode> tableRows() {
    try {
      Map<String, JsonNode> out = new TreeMap<>();
      for (var row : session().selectAll("SELECT service, row FROM " + keyspace() + ".fleet_services")
          .toCompletableFuture().get(30, TimeUnit.SECONDS)) {
        out.put(row.getString("service"), JSON.readTree(row.getString("row")));
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static CassandraSession session() {
    return CassandraSessionRegistry.get(flotilla.node.system()).sessionFor("pekko.projection.cassandra.session-config");
  }

  private static String keyspace() {
    return flotilla.node.system().settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
  }

  /** Whether each listed row has the fields its service's own status implies. */
  private static boolean matchesStatuses(JsonNode page) {
    for (JsonNode row : page.path("services")) {
      JsonNode status = flotilla.api.status(row.path("service").asText());
      if (!expectedRow(status).equals(shown(row))) {
        return false;
      }
    }
    return true;
  }

  /** The fleet view's fields that the status also has. */
  private static Map<String, Object> shown(JsonNode row) {
    Map<String, Object> out = new TreeMap<>();
    for (String field : List.of("service", "team", "account", "region", "revision", "phase", "releasing", "version",
        "weights", "inSync", "deleting")) {
      out.put(field, row.path(field));
    }
    return out;
  }

  private static Map<String, Object> expectedRow(JsonNode status) {
    JsonNode active = status.path("activeRelease");
    boolean releasing = !active.isMissingNode() && !active.isNull();
    JsonNode history = status.path("history");
    JsonNode latest = releasing ? active : history.size() == 0 ? null : history.get(history.size() - 1);
    JsonNode serving = null;
    for (JsonNode weight : status.path("desired")) {
      if (serving == null || weight.path("weight").asInt() > serving.path("weight").asInt()) {
        serving = weight;
      }
    }
    Map<String, Object> out = new TreeMap<>();
    out.put("service", status.path("service"));
    out.put("team", status.path("spec").path("team"));
    out.put("account", status.path("account"));
    out.put("region", status.path("region"));
    out.put("revision", status.path("revision"));
    out.put("phase", JSON.getNodeFactory().textNode(latest == null ? "None" : latest.path("phase").asText()));
    out.put("releasing", JSON.getNodeFactory().booleanNode(releasing));
    out.put("version", serving == null ? JSON.missingNode() : serving.path("version"));
    out.put("weights", status.path("desired"));
    out.put("inSync", status.path("inSync"));
    out.put("deleting", status.path("deleting"));
    return out;
  }

  private static Map<String, JsonNode> byName(JsonNode page) {
    Map<String, JsonNode> out = new TreeMap<>();
    page.path("services").forEach(row -> out.put(row.path("service").asText(), row));
    return out;
  }

  private static List<String> names(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("services").forEach(row -> out.add(row.path("service").asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }
}
