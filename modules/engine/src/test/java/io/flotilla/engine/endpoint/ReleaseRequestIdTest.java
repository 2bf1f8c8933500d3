package io.flotilla.engine.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.inventory.InventoryScanners;
import io.flotilla.model.ReleasePhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Release requests and rollbacks that carry a request id (bulk release items, requests with an Idempotency-Key): a
 * repeat is answered with the release the first made or acted on, whatever became of it, and never makes or rolls
 * back another; {@code GetRelease} says where a release stands.
 */
class ReleaseRequestIdTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final String ONE_STEP = "rollout: {steps: [{weight: 100}]}\n";
  // three live versions: the 1.0.0 before the rolled-back release's baseline stays hot, a target for a second rollback
  private static final String TWO_STEPS = "rollout: {steps: [{weight: 50, hold: 1m}, {weight: 100}]}\n"
      + "retention: {maxLiveVersions: 3}\n";

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void aRepeatedRequestIdIsAnsweredWithTheReleaseItMadeEvenAfterThatReleaseFailed() {
    Scenario s = new Scenario().register(Scenario.spec(ONE_STEP)).releaseCompletely("1.0.0");
    s.command(CommandDecisions.release(s.state, "checkout", "2.0.0-broken", "bulk-1/7", Scenario.USER, s.now));
    String releaseId = assertInstanceOf(Reply.Accepted.class, s.lastReply).releaseId();
    assertEquals("bulk-1/7", s.eventsOf(EndpointEvent.ReleaseRequested.class).get(1).requestId());
    s.record(ReportDecisions.environmentUnavailable(s.state, s.state.active().environmentId(), "never healthy",
        s.now));
    assertNull(s.state.active(), "the release failed");

    int mark = s.journal.size();
    s.command(CommandDecisions.release(s.state, "checkout", "2.0.0-broken", "bulk-1/7", Scenario.USER, s.now));
    Reply.Accepted repeat = assertInstanceOf(Reply.Accepted.class, s.lastReply);
    assertEquals("no-op", repeat.outcome());
    assertEquals(releaseId, repeat.releaseId());
    assertEquals(mark, s.journal.size(), "nothing recorded");
    assertEquals(ReleasePhase.FAILED, s.state.progressOf(releaseId).phase());

    s.command(CommandDecisions.release(s.state, "checkout", "2.0.0-broken", "bulk-1/8", Scenario.USER, s.now));
    assertEquals("started", assertInstanceOf(Reply.Accepted.class, s.lastReply).outcome(),
        "another request id is another request");
  }

  @Test
  void aQueuedRequestReplacedByANewerOneIsRecognisedAndReportedUnknown() {
    Scenario s = new Scenario().register(Scenario.spec(ONE_STEP)).releaseCompletely("1.0.0");
    s.release("2.0.0");
    s.command(CommandDecisions.release(s.state, "checkout", "3.0.0", "bulk-1/0", Scenario.USER, s.now));
    String queuedId = assertInstanceOf(Reply.Accepted.class, s.lastReply).releaseId();
    assertEquals(Reply.Standing.QUEUED, s.state.progressOf(queuedId).standing());
    s.release("4.0.0");
    assertEquals(Reply.Standing.UNKNOWN, s.state.progressOf(queuedId).standing());

    int mark = s.journal.size();
    s.command(CommandDecisions.release(s.state, "checkout", "3.0.0", "bulk-1/0", Scenario.USER, s.now));
    assertEquals(queuedId, assertInstanceOf(Reply.Accepted.class, s.lastReply).releaseId());
    assertEquals(mark, s.journal.size(), "the repeat does not replace 4.0.0 in the queue");
    assertEquals("4.0.0", s.state.queued().version());
  }

  @Test
  void aRetriedRollbackWithItsRequestIdRollsBackOnlyOnce() {
    Scenario s = new Scenario().register(Scenario.spec(TWO_STEPS)).releaseCompletely("1.0.0")
        .releaseCompletely("1.1.0");
    s.release("1.2.0").environmentHealthy().trafficApplied();
    String canary = s.state.active().id();
    s.command(CommandDecisions.rollback(s.state, "checkout", "looks bad", "key:k1@rollback", Scenario.USER,
        s.now));
    assertEquals("rolling-back", assertInstanceOf(Reply.Accepted.class, s.lastReply).outcome());
    assertEquals(new EndpointEvent.RequestRecorded("checkout", "key:k1@rollback", canary, s.now),
        s.eventsOf(EndpointEvent.RequestRecorded.class).get(0));
    s.trafficApplied();
    assertEquals("1.1.0", s.state.serving().orElseThrow().version());

    // the retry of a rollback whose answer was lost: the hot 1.0.0 is still there to roll back to
    int mark = s.journal.size();
    s.command(CommandDecisions.rollback(s.state, "checkout", "looks bad", "key:k1@rollback", Scenario.USER,
        s.now));
    Reply.Accepted retry = assertInstanceOf(Reply.Accepted.class, s.lastReply);
    assertEquals("no-op", retry.outcome());
    assertEquals(canary, retry.releaseId());
    assertEquals(mark, s.journal.size(), "nothing recorded");
    assertEquals("1.1.0", s.state.serving().orElseThrow().version());

    s.command(CommandDecisions.rollback(s.state, "checkout", "looks bad", "key:k2@rollback", Scenario.USER,
        s.now));
    assertEquals("rolling-back", assertInstanceOf(Reply.Accepted.class, s.lastReply).outcome(),
        "another request is another rollback: to the hot 1.0.0");
    assertEquals(Release.Kind.ROLLBACK, s.state.active().kind());
  }

  @Test
  void progressSaysWhetherAReleaseIsActiveQueuedOrFinished() {
    Scenario s = new Scenario().register(Scenario.spec(ONE_STEP)).releaseCompletely("1.0.0");
    String first = s.state.history().get(0).id();
    s.release("2.0.0");
    String active = s.state.active().id();
    Reply.ReleaseProgress activeProgress = s.state.progressOf(active);
    assertEquals(Reply.Standing.ACTIVE, activeProgress.standing());
    assertEquals(ReleasePhase.PROVISIONING, activeProgress.phase());
    Reply.ReleaseProgress finished = s.state.progressOf(first);
    assertEquals(Reply.Standing.FINISHED, finished.standing());
    assertEquals(ReleasePhase.PROMOTED, finished.phase());
    assertEquals("1.0.0", finished.version());
    assertEquals(Reply.Standing.UNKNOWN, s.state.progressOf("rel-99").standing());
  }

  @Test
  void onlyTheLastRequestIdsAreRemembered() {
    Scenario s = new Scenario().register(Scenario.spec(ONE_STEP)).releaseCompletely("1.0.0");
    for (int i = 0; i < EndpointState.MAX_RECENT_REQUESTS + 5; i++) {
      s.command(CommandDecisions.release(s.state, "checkout", "2.0." + i, "bulk-1/" + i, Scenario.USER, s.now));
      s.releaseCompletely("2.0." + i);
    }
    assertEquals(EndpointState.MAX_RECENT_REQUESTS, s.state.recentRequests().size());
    assertTrue(s.state.releaseRequestedBy("bulk-1/0").isEmpty());
    assertTrue(s.state.releaseRequestedBy("bulk-1/" + (EndpointState.MAX_RECENT_REQUESTS + 4)).isPresent());
  }

  @Test
  void theEntityAnswersRepeatsAndProgressAndTheyAllSerialize() {
    InMemoryCloud cloud = new InMemoryCloud();
    EngineSettings settings = EngineSettings.from(ConfigFactory.load());
    var scanners = TESTKIT.spawn(InventoryScanners.create(cloud, Duration.ofMillis(100), Duration.ofSeconds(5),
        Clock.systemUTC()));
    TestProbe<ClusterSharding.ShardCommand> shard = TESTKIT.createTestProbe();
    EventSourcedBehaviorTestKit<EndpointCommand, EndpointEvent, EndpointState> entity =
        EventSourcedBehaviorTestKit.create(TESTKIT.system(), EndpointEntity.create("checkout",
            new EndpointDependencies(cloud.provider(), scanners, Clock.systemUTC(), settings), shard.getRef()));
    entity.<Reply>runCommand(replyTo -> new EndpointCommand.PutSpec(Scenario.spec(ONE_STEP), Scenario.USER, replyTo));

    var first = entity.<Reply>runCommand(
        replyTo -> new EndpointCommand.RequestRelease("1.0.0", "bulk-2/0", Scenario.USER, replyTo));
    String releaseId = assertInstanceOf(Reply.Accepted.class, first.reply()).releaseId();
    assertEquals(List.of("ReleaseRequested"), first.events().stream().map(EndpointEvent::type).limit(1).toList());
    var repeat = entity.<Reply>runCommand(
        replyTo -> new EndpointCommand.RequestRelease("1.0.0", "bulk-2/0", Scenario.USER, replyTo));
    assertTrue(repeat.hasNoEvents());
    assertEquals(releaseId, assertInstanceOf(Reply.Accepted.class, repeat.reply()).releaseId());

    Reply.ReleaseProgress progress = assertInstanceOf(Reply.ReleaseProgress.class,
        entity.<Reply>runCommand(replyTo -> new EndpointCommand.GetRelease(releaseId, replyTo)).reply());
    assertEquals(releaseId, progress.releaseId());
    assertEquals(entity.restart().state().recentRequests(), List.of(new EndpointState.SeenRequest("bulk-2/0",
        releaseId)), "request ids survive recovery");
    SerializationTestKit serialization = new SerializationTestKit(TESTKIT.system());
    serialization.verifySerialization(new EndpointEvent.RequestRecorded("checkout", "key:r@rollback", releaseId,
        Instant.parse("2026-11-01T10:00:00Z")), true);
    serialization.verifySerialization(new EndpointCommand.Rollback("wrong", "key:r@rollback", Scenario.USER,
        TESTKIT.<Reply>createTestProbe().getRef()), true);
  }
}
