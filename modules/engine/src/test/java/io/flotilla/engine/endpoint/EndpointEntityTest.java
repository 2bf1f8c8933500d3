package io.flotilla.engine.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.inventory.InventoryScanners;
import io.flotilla.model.ReleasePhase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity as a whole with an in-memory cloud: commands, the effects its children perform, and that every
 * command, event and state survives Pekko's serialization (the testkit checks each one).
 */
class EndpointEntityTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private InMemoryCloud cloud;
  private EventSourcedBehaviorTestKit<EndpointCommand, EndpointEvent, EndpointState> entity;

  @BeforeEach
  void createEntity() {
    cloud = new InMemoryCloud();
    EngineSettings settings = EngineSettings.from(ConfigFactory.parseString("""
        flotilla.engine.reconcile-interval = 300ms
        flotilla.engine.inventory-max-age = 100ms
        """).withFallback(ConfigFactory.load()));
    ActorRef<InventoryScanners.Command> scanners = TESTKIT.spawn(InventoryScanners.create(cloud, Duration.ofMillis(100),
        Duration.ofSeconds(5), Clock.systemUTC()));
    TestProbe<ClusterSharding.ShardCommand> shard = TESTKIT.createTestProbe();
    EndpointDependencies deps = new EndpointDependencies(cloud.provider(), scanners, Clock.systemUTC(),
        settings);
    entity = EventSourcedBehaviorTestKit.create(TESTKIT.system(),
        EndpointEntity.create("checkout", deps, shard.getRef()));
  }

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void firstReleaseRunsToPromotionThroughTheChildren() {
    CommandResultWithReply<EndpointCommand, EndpointEvent, EndpointState, Reply> put = entity.runCommand(
        replyTo -> new EndpointCommand.PutSpec(Scenario.spec("rollout: {steps: [{weight: 100}]}\n"), Scenario.USER,
            replyTo));
    assertEquals("created", assertInstanceOf(Reply.Accepted.class, put.reply()).outcome());

    CommandResultWithReply<EndpointCommand, EndpointEvent, EndpointState, Reply> release = entity.runCommand(
        replyTo -> new EndpointCommand.RequestRelease("1.0.0", null, Scenario.USER, replyTo));
    assertEquals("started", assertInstanceOf(Reply.Accepted.class, release.reply()).outcome());
    assertEquals(List.of("ReleaseRequested", "EnvironmentRequested"),
        release.events().stream().map(EndpointEvent::type).limit(2).toList());

    StatusView status = awaitStatus(view -> view.activeRelease() == null && !view.history().isEmpty());
    assertEquals(ReleasePhase.PROMOTED, status.history().get(0).phase());
    assertEquals(1, cloud.environments.size());
    String environment = cloud.environments.keySet().iterator().next();
    assertEquals(100, cloud.weights.get("checkout").weightOf(environment));
    assertTrue(status.inSync());
  }

  @Test
  void unknownServiceAnswersNotFoundAndRecordsNothing() {
    CommandResultWithReply<EndpointCommand, EndpointEvent, EndpointState, Reply> result = entity.runCommand(
        replyTo -> new EndpointCommand.RequestRelease("1.0.0", null, Scenario.USER, replyTo));
    assertEquals(Reply.Code.NOT_FOUND, assertInstanceOf(Reply.Rejected.class, result.reply()).code());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void stateRecoversFromASnapshotAndTheEventsAfterIt() {
    for (int i = 1; i <= 130; i++) {
      var spec = Scenario.spec("runtime: {minInstances: " + (1 + i % 5) + ", maxInstances: 10}\n"
          + "rollout: {steps: [{weight: 100, hold: " + i + "s}]}\n");
      entity.<Reply>runCommand(replyTo -> new EndpointCommand.PutSpec(spec, Scenario.USER, replyTo));
    }
    EndpointState before = entity.getState();
    assertEquals(130, before.revision());
    EventSourcedBehaviorTestKit.RestartResult<EndpointState> restarted = entity.restart();
    assertEquals(before, restarted.state());
    assertEquals(EndpointState.MAX_REVISIONS, restarted.state().revisions().size(), "revisions kept bounded");
  }

  @Test
  void abortWhileTheEnvironmentIsBeingCreatedLeavesNoEnvironmentBehind() throws Exception {
    cloud.createDelay = Duration.ofMillis(500);
    register("rollout: {steps: [{weight: 100}]}\n");
    entity.<Reply>runCommand(replyTo -> new EndpointCommand.RequestRelease("1.0.0", null, Scenario.USER, replyTo));
    Reply abort = entity.<Reply>runCommand(
        replyTo -> new EndpointCommand.Abort("changed my mind", Scenario.USER, replyTo)).reply();
    assertEquals("aborted", assertInstanceOf(Reply.Accepted.class, abort).outcome());
    awaitStatus(view -> view.environments().isEmpty());
    Thread.sleep(1_500);
    assertTrue(cloud.environments.isEmpty(), "the create that was in flight was not left behind: "
        + cloud.environments.keySet());
  }

  @Test
  void failingDeletesAreRetriedWithBackoffNotInATightLoop() throws Exception {
    register("rollout: {steps: [{weight: 100}]}\nretention: {keepPreviousFor: 0s}\n");
    entity.<Reply>runCommand(replyTo -> new EndpointCommand.RequestRelease("1.0.0", null, Scenario.USER, replyTo));
    awaitStatus(view -> view.activeRelease() == null && !view.history().isEmpty());
    cloud.failDeletes = true;
    entity.<Reply>runCommand(replyTo -> new EndpointCommand.RequestRelease("2.0.0", null, Scenario.USER, replyTo));
    awaitStatus(view -> view.activeRelease() == null && view.history().size() == 2);
    int before = cloud.callCount("delete");
    Thread.sleep(1_000);
    int during = cloud.callCount("delete") - before;
    assertTrue(during < 20, "deletes in one second while failing: " + during);
    cloud.failDeletes = false;
    StatusView done = awaitStatus(view -> view.environments().size() == 1);
    assertEquals("2.0.0", done.environments().get(0).version());
  }

  @Test
  void reconcileRecreatesAnEnvironmentDeletedBehindItsBack() {
    register("rollout: {steps: [{weight: 100}]}\n");
    entity.<Reply>runCommand(replyTo -> new EndpointCommand.RequestRelease("1.0.0", null, Scenario.USER, replyTo));
    awaitStatus(view -> view.activeRelease() == null && !view.history().isEmpty());
    String environment = cloud.environments.keySet().iterator().next();
    cloud.environments.clear();
    awaitStatus(view -> cloud.environments.containsKey(environment) && view.inSync());
    assertTrue(cloud.callCount("create") >= 2, "created again");
  }

  private void register(String yaml) {
    entity.<Reply>runCommand(replyTo -> new EndpointCommand.PutSpec(Scenario.spec(yaml), Scenario.USER, replyTo));
  }

  private StatusView awaitStatus(java.util.function.Predicate<StatusView> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    StatusView last = null;
    while (System.nanoTime() < deadline) {
      last = assertInstanceOf(StatusView.class,
          entity.<Reply>runCommand(EndpointCommand.GetStatus::new).reply());
      if (condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("condition not reached; last status " + last);
  }
}
