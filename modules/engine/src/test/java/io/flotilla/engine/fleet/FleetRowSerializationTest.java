package io.flotilla.engine.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flotilla.engine.endpoint.EnvironmentState;
import io.flotilla.judge.Verdict;
import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Rows survive the two ways they travel: Pekko serialization to other nodes, and the table's JSON column. */
class FleetRowSerializationTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create();
  private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");
  private static final FleetRow ROW = new FleetRow("checkout", 42, AT, true, false, "payments", "prod", "eu-west-1",
      3, List.of(new FleetRow.FleetEnvironment("checkout-1-0-0-r1-1", "1.0.0", EnvironmentState.READY, false),
          new FleetRow.FleetEnvironment("checkout-2-0-0-r3-2", "2.0.0", EnvironmentState.PROVISIONING, false)),
      Map.of("checkout-1-0-0-r1-1", 90, "checkout-2-0-0-r3-2", 10), Map.of("checkout-1-0-0-r1-1", 90),
      new FleetRow.ActiveRelease("rel-2", "2.0.0", ReleasePhase.HOLDING, true, "checkout-2-0-0-r3-2",
          "checkout-1-0-0-r1-1"),
      ReleasePhase.PROMOTED, true, new FleetRow.LastVerdict("rel-2", "2.0.0", 0, Verdict.INCONCLUSIVE, "too few",
          null, null, AT));

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void pushedUpdatesSurvivePekkoSerialization() {
    FleetViewUpdater.RowsChanged changed = new FleetViewUpdater.RowsChanged(List.of(ROW, FleetRow.empty("search")));
    assertEquals(changed, new SerializationTestKit(TESTKIT.system()).verifySerialization(changed, true));
  }

  @Test
  void theTablesJsonColumnKeepsEveryField() {
    // the mapper the table uses, without a Cassandra session
    FleetTable table = new FleetTable(() -> null, "unused",
        JacksonObjectMapperProvider.get(TESTKIT.system()).getOrCreate("jackson-json", Optional.empty()), null);
    assertEquals(ROW, table.decode(table.encode(ROW)));
  }
}
