package io.flotilla.engine.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.TrafficSplit;
import io.flotilla.engine.endpoint.EndpointEvent;
import io.flotilla.engine.endpoint.EndpointEvent.*;
import io.flotilla.judge.Judgement;
import io.flotilla.judge.Verdict;
import io.flotilla.model.ReleasePhase;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.SpecCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the fold does beyond agreeing with the entity: verdicts, replays, deletion, history it cannot explain. */
class FleetRowFoldTest {
  private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");
  private static final ServiceSpec SPEC = SpecCodec.readYaml("""
      name: checkout
      team: payments
      image: demo/checkout
      """);

  private static FleetRow fold(EndpointEvent... events) {
    FleetRow row = FleetRow.empty("checkout");
    for (int i = 0; i < events.length; i++) {
      row = FleetRowFold.apply(row, i + 1, events[i]);
    }
    return row;
  }

  @Test
  void aRegisteredServiceIsListedWithItsSpecAndNoRelease() {
    FleetRow row = fold(new SpecChanged("checkout", 1, SPEC, AT, "tester"));
    assertTrue(row.listed());
    assertEquals("payments", row.team());
    assertEquals("None", row.phase());
    assertEquals(FleetHealth.IN_SYNC, row.health());
    assertEquals(1, row.seqNr());
    assertEquals(AT, row.updatedAt());
  }

  @Test
  void eventsAtOrBelowTheRowsSequenceNumberChangeNothing() {
    FleetRow row = fold(new SpecChanged("checkout", 1, SPEC, AT, "tester"),
        new ServiceDeletionRequested("checkout", AT, "tester"));
    assertSame(row, FleetRowFold.apply(row, 2, new ServiceDeleted("checkout", AT)));
    assertSame(row, FleetRowFold.apply(row, 1, new SpecChanged("checkout", 1, SPEC, AT, "tester")));
    assertTrue(row.deleting());
  }

  @Test
  void aDeletedServiceIsNotListedAndItsOlderEventsDoNotBringItBack() {
    FleetRow deleted = fold(new SpecChanged("checkout", 1, SPEC, AT, "tester"),
        new ServiceDeletionRequested("checkout", AT, "tester"),
        new ServiceDeleted("checkout", AT));
    assertFalse(deleted.listed());
    assertFalse(FleetRowFold.apply(deleted, 1, new SpecChanged("checkout", 1, SPEC, AT, "tester")).listed());
    assertTrue(FleetRowFold.apply(deleted, 4, new SpecChanged("checkout", 2, SPEC, AT, "tester")).listed(),
        "registered again later");
  }

  @Test
  void theLastVerdictCarriesTheJudgementAndThenHowTheReleaseEnded() {
    EndpointEvent[] events = {
        new SpecChanged("checkout", 1, SPEC, AT, "tester"),
        new ReleaseRequested("checkout", release("rel-1", "2.0.0"), false, AT, null, "tester"),
        new AnalysisRecorded("checkout", "rel-1", 0, new Judgement(Verdict.FAIL, 10.0, List.of(), "errors +4.0%"),
            List.of("checkout-5xx"), null, AT, AT, AT),
        new RollbackRequested("checkout", "rel-1", "env-1", "analysis failed: errors +4.0%", true, false, AT,
            EndpointEvent.ENGINE),
        new ReleaseRolledBack("checkout", "rel-1", "2.0.0", "env-1", AT.plusSeconds(2), EndpointEvent.ENGINE)};
    FleetRow row = fold(events);
    FleetRow.LastVerdict verdict = row.lastVerdict();
    assertEquals("rel-1", verdict.releaseId());
    assertEquals("2.0.0", verdict.version());
    assertEquals(Verdict.FAIL, verdict.verdict());
    assertEquals("errors +4.0%; alarms firing: checkout-5xx", verdict.summary());
    assertEquals(ReleasePhase.ROLLED_BACK, verdict.outcome());
    assertEquals("analysis failed: errors +4.0%", verdict.reason());
    assertEquals(AT.plusSeconds(2), verdict.at());
    assertEquals("RolledBack", row.phase());
    assertFalse(row.releasing());
  }

  @Test
  void aPromotionWithoutAnalysisIsStillTheLastDecision() {
    FleetRow row = fold(new SpecChanged("checkout", 1, SPEC, AT, "tester"),
        new ReleaseRequested("checkout", release("rel-1", "1.0.0"), false, AT, null, "tester"),
        new ReleasePromoted("checkout", "rel-1", "1.0.0", "env-1", null, AT));
    assertEquals(ReleasePhase.PROMOTED, row.lastVerdict().outcome());
    assertNull(row.lastVerdict().verdict());
    assertEquals("1.0.0", row.lastVerdict().version());
  }

  @Test
  void reportsAboutUnknownEnvironmentsOrReleasesAreHarmless() {
    FleetRow registered = fold(new SpecChanged("checkout", 1, SPEC, AT, "tester"));
    FleetRow row = registered;
    long seqNr = 1;
    for (EndpointEvent odd : List.<EndpointEvent>of(new EnvironmentReady("checkout", "nope", 2, AT),
        new EnvironmentDeleted("checkout", "nope", AT), new StepHeld("checkout", "rel-9", 1, 50, AT, AT),
        new ReleasePromoted("checkout", "rel-9", "9.0.0", "nope", null, AT),
        new TrafficShifted("checkout", new TrafficSplit(Map.of("nope", 100)), null, AT),
        new DriftDetected("checkout", DriftKind.ENVIRONMENT_MISSING, "nope", "1.0.0", "", AT))) {
      row = FleetRowFold.apply(row, ++seqNr, odd);
    }
    assertTrue(row.listed());
    assertEquals(7, row.seqNr());
  }

  private static io.flotilla.engine.endpoint.Release release(String id, String version) {
    return new io.flotilla.engine.endpoint.Release(id, io.flotilla.engine.endpoint.Release.Kind.RELEASE, version, 1,
        null, "env-1", ReleasePhase.REQUESTED, 0, List.of(), false, null, false, false, false, AT, AT, null, null);
  }
}
