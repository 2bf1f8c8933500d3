package io.flotilla.engine.sweeper;

import static io.flotilla.engine.sweeper.SweeperDecisionsTest.environment;
import static io.flotilla.engine.sweeper.SweeperDecisionsTest.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.Placement;
import io.flotilla.engine.sweeper.EnvironmentOwnership.Known;
import io.flotilla.engine.sweeper.SweepReport.Action;
import io.flotilla.engine.sweeper.SweepReport.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The sweeper actor against a stub cloud and stub services: what it deletes, when, and what it reports. */
class SweeperTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create();
  private static final Placement LOCAL = new Placement("local", "local");
  private static final Placement OTHER = new Placement("other", "eu-west-1");
  private static final Duration GRACE = Duration.ofMinutes(15);

  private final StubCloud cloud = new StubCloud();
  private final StubServices services = new StubServices();
  private final MovableClock clock = new MovableClock();

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private ActorRef<OrphanSweeper.Command> sweeper(boolean enabled, Duration interval, Duration grace,
      Set<Placement> placements) {
    SweeperSettings settings = new SweeperSettings(enabled, false, interval, grace, "flotilla", Duration.ofSeconds(10), 4);
    SweepParts parts = new SweepParts(cloud, cloud, services, Duration.ofSeconds(5), Duration.ofSeconds(5));
    return TESTKIT.spawn(OrphanSweeper.create(settings, parts, () -> placements, clock));
  }

  private ActorRef<OrphanSweeper.Command> sweeper() {
    return sweeper(false, Duration.ofHours(1), GRACE, Set.of(LOCAL));
  }

  private static SweepReport sweep(ActorRef<OrphanSweeper.Command> sweeper, boolean dryRun) {
    TestProbe<SweepReport> probe = TESTKIT.createTestProbe();
    sweeper.tell(new OrphanSweeper.SweepNow(dryRun, probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  /** One stack of each kind: owned by a live service, a stray of a deleted service, a foreign and a hand-made one. */
  private void fleet() {
    cloud.put(environment("shop-1", tagged("shop", "flotilla")));
    cloud.put(environment("ghost-1", tagged("ghost", "flotilla")));
    cloud.put(environment("foreign-1", tagged("foreign", "someone-else")));
    cloud.put(environment("handmade-1", tagged("handmade", null)));
    services.known.put("shop", new Known(true, Set.of("shop-1")));
  }

  @Test
  void strayOfAServiceThatDoesNotExistIsDeletedOnlyAfterTheGracePeriod() {
    fleet();
    ActorRef<OrphanSweeper.Command> sweeper = sweeper();

    SweepReport first = sweep(sweeper, false);
    clock.advance(Duration.ofMinutes(10));
    SweepReport stillWaiting = sweep(sweeper, false);
    clock.advance(Duration.ofMinutes(6));
    SweepReport deleted = sweep(sweeper, false);
    SweepReport after = sweep(sweeper, false);

    assertEquals(List.of(Action.WAITING_GRACE), actions(first));
    assertEquals(List.of(Action.WAITING_GRACE), actions(stillWaiting));
    assertEquals(first.findings().get(0).firstSeen(), stillWaiting.findings().get(0).firstSeen());
    assertEquals(List.of(Action.DELETED), actions(deleted));
    assertEquals("ghost-1", deleted.findings().get(0).environmentId());
    assertEquals(List.of("ghost-1"), cloud.deleted);
    assertEquals(Set.of("shop-1", "foreign-1", "handmade-1"), cloud.environments.keySet());
    assertTrue(after.findings().isEmpty());
    assertEquals(4, after.sweeps());
  }

  @Test
  void dryRunReportsWouldDeleteAndDeletesNothing() {
    fleet();
    ActorRef<OrphanSweeper.Command> sweeper = sweeper();
    sweep(sweeper, true);
    clock.advance(GRACE);

    SweepReport dryRun = sweep(sweeper, true);

    assertTrue(dryRun.dryRun());
    assertEquals(List.of(Action.WOULD_DELETE), actions(dryRun));
    assertEquals("ghost", dryRun.findings().get(0).service());
    assertTrue(cloud.deleted.isEmpty());
    assertEquals(List.of(Action.DELETED), actions(sweep(sweeper, false)), "a dry run's sightings count");
  }

  @Test
  void onlyServicesOfStacksTaggedWithOurOwnerAreAsked() {
    fleet();

    sweep(sweeper(), false);

    assertEquals(Set.of("shop", "ghost"), Set.copyOf(services.asked));
  }

  @Test
  void failedDeleteIsReportedWithItsReasonAndTriedAgainNextSweep() {
    fleet();
    ActorRef<OrphanSweeper.Command> sweeper = sweeper(false, Duration.ofHours(1), Duration.ZERO, Set.of(LOCAL));
    cloud.failDeletes = true;

    Finding failed = sweep(sweeper, false).findings().get(0);
    cloud.failDeletes = false;
    SweepReport retried = sweep(sweeper, false);

    assertEquals(Action.DELETE_FAILED, failed.action());
    assertTrue(failed.reason().contains("AccessDenied"), failed.reason());
    assertEquals(List.of(Action.DELETED), actions(retried));
  }

  @Test
  void placementThatCannotBeScannedIsReportedAndTheOthersAreSwept() {
    fleet();
    cloud.failingScans.add(OTHER);
    ActorRef<OrphanSweeper.Command> sweeper = sweeper(false, Duration.ofHours(1), Duration.ZERO, Set.of(LOCAL, OTHER));

    SweepReport report = sweep(sweeper, false);

    assertEquals(List.of(LOCAL), report.placements());
    assertEquals(List.of(Action.DELETED), actions(report));
    assertEquals(1, report.errors().size());
    assertTrue(report.errors().get(0).startsWith("scan of other/eu-west-1 failed"), report.errors().toString());
  }

  @Test
  void serviceThatDoesNotAnswerKeepsItsStacks() {
    fleet();
    services.failing.add("ghost");

    SweepReport report = sweep(sweeper(false, Duration.ofHours(1), Duration.ZERO, Set.of(LOCAL)), false);

    assertTrue(report.findings().isEmpty());
    assertTrue(cloud.deleted.isEmpty());
    assertTrue(report.errors().get(0).contains("service 'ghost' did not answer"), report.errors().toString());
  }

  @Test
  void lastReportBeforeTheFirstSweepIsEmpty() {
    TestProbe<SweepReport> probe = TESTKIT.createTestProbe();

    sweeper().tell(new OrphanSweeper.GetLastReport(probe.ref()));

    SweepReport report = probe.receiveMessage();
    assertEquals(0, report.sweeps());
    assertTrue(report.findings().isEmpty());
  }

  @Test
  void enabledSweeperSweepsOnItsOwnEveryInterval() {
    fleet();

    ActorRef<OrphanSweeper.Command> sweeper = sweeper(true, Duration.ofMillis(100), Duration.ZERO, Set.of(LOCAL));

    TestProbe<SweepReport> probe = TESTKIT.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      sweeper.tell(new OrphanSweeper.GetLastReport(probe.ref()));
      assertTrue(probe.receiveMessage().sweeps() >= 1);
      return null;
    });
    assertEquals(List.of("ghost-1"), cloud.deleted);
  }

  @Test
  void reportSurvivesSerializationBetweenNodes() {
    SweepReport report = new SweepReport(3, Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-01T12:00:02Z"),
        false, List.of(LOCAL), List.of(new Finding(LOCAL, "ghost-1", "ghost", "1.0.0",
            Instant.parse("2026-03-01T11:40:00Z"), Action.DELETE_FAILED, "service 'ghost' does not exist; denied")),
        List.of("scan of other/eu-west-1 failed: timed out"));

    TESTKIT.serializationTestKit().verifySerialization(report, true);
    TESTKIT.serializationTestKit().verifySerialization(
        new OrphanSweeper.SweepNow(true, TESTKIT.<SweepReport>createTestProbe().ref()), true);
  }

  private static List<Action> actions(SweepReport report) {
    return report.findings().stream().map(Finding::action).toList();
  }

  /** Inventory and environments of a cloud held in maps; deletes remove from the inventory. */
  private static final class StubCloud implements InventoryPort, EnvironmentPort {
    final Map<String, EnvironmentInfo> environments = new ConcurrentHashMap<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final Set<Placement> failingScans = ConcurrentHashMap.newKeySet();
    volatile boolean failDeletes;

    void put(EnvironmentInfo environment) {
      environments.put(environment.environmentId(), environment);
    }

    @Override
    public CompletionStage<Inventory> scan(Placement placement) {
      if (failingScans.contains(placement)) {
        return CompletableFuture.failedFuture(new CloudException("Throttling", true));
      }
      return CompletableFuture.completedFuture(new Inventory(placement, Instant.EPOCH, environments.values().stream()
          .filter(env -> env.placement().equals(placement)).toList(), Map.of()));
    }

    @Override
    public CompletionStage<Void> delete(Placement placement, String environmentId) {
      if (failDeletes) {
        return CompletableFuture.failedFuture(new CloudException("AccessDenied", false));
      }
      deleted.add(environmentId);
      environments.remove(environmentId);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<EnvironmentInfo> create(EnvironmentRequest request) {
      throw new UnsupportedOperationException("the sweeper never creates");
    }

    @Override
    public CompletionStage<Optional<EnvironmentInfo>> describe(Placement placement, String environmentId) {
      throw new UnsupportedOperationException("the sweeper reads through inventory scans");
    }
  }

  /** Services by name; one not listed does not exist. */
  private static final class StubServices implements EnvironmentOwnership {
    final Map<String, Known> known = new ConcurrentHashMap<>();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Known> known(String service) {
      asked.add(service);
      if (failing.contains(service)) {
        return CompletableFuture.failedFuture(new IllegalStateException("ask timed out"));
      }
      return CompletableFuture.completedFuture(known.getOrDefault(service, Known.noService()));
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-03-01T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
