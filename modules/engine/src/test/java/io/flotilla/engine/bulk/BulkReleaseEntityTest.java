package io.flotilla.engine.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.flotilla.engine.bulk.BulkEvent.*;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The bulk entity with endpoints behind a real actor ({@link FakeEndpoints}): the concurrency bound, the failure
 * budget, cancel, idempotent creation, all or nothing, and a restart that asks again without starting anything
 * twice. The testkit also checks that every command, event and state serializes.
 */
class BulkReleaseEntityTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  private int bulks;

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private record Bulk(EventSourcedBehaviorTestKit<BulkCommand, BulkEvent, BulkState> entity, String id,
      TestProbe<ClusterSharding.ShardCommand> shard) {
    BulkReply create(BulkRequest request) {
      return entity.<BulkReply>runCommand(replyTo -> new BulkCommand.Create(request, "tester", replyTo)).reply();
    }

    /** Every event of this bulk in the journal, in order. */
    List<BulkEvent> journal() {
      return PersistenceTestKit.create(TESTKIT.system()).persistedInStorage("BulkRelease|" + id).stream()
          .map(BulkEvent.class::cast).toList();
    }
  }

  private Bulk bulk(FakeEndpoints endpoints) {
    String id = "bulk-test-" + (++bulks) + "-" + System.nanoTime();
    BulkSettings settings = BulkSettings.from(ConfigFactory.parseString("""
        flotilla.bulk.poll-interval = 50ms
        # two items in flight asked per poll: every test also checks that polls take turns through the items
        flotilla.bulk.poll-batch = 2
        flotilla.bulk.answer-window = 10ms
        flotilla.engine.ask-timeout = %dms
        """.formatted(ASK_TIMEOUT.toMillis())).withFallback(ConfigFactory.load()));
    TestProbe<ClusterSharding.ShardCommand> shard = TESTKIT.createTestProbe();
    return new Bulk(EventSourcedBehaviorTestKit.create(TESTKIT.system(),
        BulkReleaseEntity.create(id, endpoints, settings, Clock.systemUTC(), shard.getRef())), id, shard);
  }

  private static BulkRequest request(int maxConcurrent, int failureBudget, boolean allOrNothing, String... items) {
    List<BulkRequest.Item> list = new ArrayList<>();
    for (String item : items) {
      String[] parts = item.split(" ");
      list.add(new BulkRequest.Item(parts[0], parts[1], null));
    }
    return BulkRequest.of(list, maxConcurrent, failureBudget, allOrNothing);
  }

  private static String[] services(int count) {
    return IntStream.range(0, count).mapToObj(i -> "svc-" + i).toArray(String[]::new);
  }

  private static String[] items(String version, String... services) {
    return java.util.Arrays.stream(services).map(service -> service + " " + version).toArray(String[]::new);
  }

  @Test
  void neverRunsMoreThanMaxConcurrentAndFinishesEveryItem() {
    String[] services = services(12);
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, ASK_TIMEOUT, services);
    Bulk bulk = bulk(endpoints);
    BulkReply.Accepted created = assertInstanceOf(BulkReply.Accepted.class,
        bulk.create(request(3, 1, false, items("2.0.0", services))));
    assertEquals("created", created.outcome());
    assertEquals(12, created.bulk().total());

    BulkState done = await(bulk, BulkState::finished);
    assertEquals(BulkPhase.COMPLETED, done.phase());
    assertEquals(12, done.count(ItemStatus.PROMOTED));
    assertEquals(12, endpoints.started());
    assertTrue(endpoints.mostRunning() <= 3, "endpoints saw " + endpoints.mostRunning() + " at once");
    assertEquals(3, mostActiveInJournal(bulk.journal()), "the journal shows the bound reached, never passed");
  }

  @Test
  void theFailureBudgetStopsNewItemsAndSkipsTheRest() {
    String[] services = services(8);
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, ASK_TIMEOUT, services);
    Bulk bulk = bulk(endpoints);
    List<String> items = new ArrayList<>(List.of(items("2.0.0", services)));
    items.set(1, "svc-1 2.0.0-broken");
    bulk.create(request(2, 1, false, items.toArray(String[]::new)));

    BulkState done = await(bulk, BulkState::finished);
    assertEquals(BulkPhase.STOPPED_BY_BUDGET, done.phase());
    assertEquals(1, done.count(ItemStatus.FAILED));
    List<BulkEvent> journal = bulk.journal();
    int stop = indexOf(journal, BudgetExhausted.class);
    assertTrue(journal.subList(stop, journal.size()).stream().noneMatch(ItemsStarted.class::isInstance),
        "nothing starts after the budget is used up: " + journal);
    int started = done.items().size() - done.count(ItemStatus.SKIPPED);
    assertEquals(started, endpoints.started());
    assertTrue(done.count(ItemStatus.SKIPPED) >= 4, "skipped " + done.count(ItemStatus.SKIPPED));
    assertEquals("failure budget of 1 used up", done.items().get(7).reason());
  }

  @Test
  void aRestartAsksAgainWithTheSameRequestIdsAndStartsNothingTwice() {
    String[] services = services(4);
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, Duration.ofSeconds(30), services);
    endpoints.hold = true;
    Bulk bulk = bulk(endpoints);
    bulk.create(request(2, 1, false, items("2.0.0", services)));
    await(() -> endpoints.requests().size() == 2, "the first two items asked");

    // the endpoints started their releases but their answers never come (the asks time out only after 30 s):
    // the restarted bulk must ask again
    endpoints.hold = false;
    bulk.entity().restart();
    BulkState done = await(bulk, BulkState::finished);
    assertEquals(4, done.count(ItemStatus.PROMOTED));
    assertEquals(4, endpoints.started(), "one release per item");
    List<String> requests = endpoints.requests();
    assertEquals(2, requests.stream().filter(request -> request.endsWith(bulk.id() + "/0")).count(),
        "item 0 asked twice, with the same request id: " + requests);
  }

  @Test
  void cancelStopsNewItemsAndLetsThoseInFlightFinish() {
    String[] services = services(6);
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, ASK_TIMEOUT, services);
    endpoints.finishing = false;
    Bulk bulk = bulk(endpoints);
    bulk.create(request(2, 1, false, items("2.0.0", services)));
    await(bulk, state -> state.count(ItemStatus.IN_FLIGHT) == 2);

    BulkReply.Accepted cancelled = assertInstanceOf(BulkReply.Accepted.class,
        bulk.entity().<BulkReply>runCommand(replyTo -> new BulkCommand.Cancel("tester", replyTo)).reply());
    assertEquals("cancelled", cancelled.outcome());
    assertEquals("cancelled", cancelled.bulk().state());
    assertTrue(!cancelled.bulk().finished(), "items still in flight");
    endpoints.finishing = true;
    BulkState done = await(bulk, BulkState::finished);
    assertEquals(BulkPhase.CANCELLED, done.phase());
    assertEquals(2, done.count(ItemStatus.PROMOTED));
    assertEquals(4, done.count(ItemStatus.CANCELLED));
    assertEquals(2, endpoints.started());

    BulkReply again = bulk.entity().<BulkReply>runCommand(replyTo -> new BulkCommand.Cancel("tester", replyTo)).reply();
    assertEquals(BulkReply.Code.CONFLICT, assertInstanceOf(BulkReply.Rejected.class, again).code());
  }

  @Test
  void theSameRequestAgainIsTheSameBulkAndAnotherRequestIsRefused() {
    String[] services = services(2);
    Bulk bulk = bulk(new FakeEndpoints(TESTKIT, ASK_TIMEOUT, services));
    BulkRequest request = request(1, 1, false, items("2.0.0", services));
    assertEquals("created", assertInstanceOf(BulkReply.Accepted.class, bulk.create(request)).outcome());
    BulkReply.Accepted again = assertInstanceOf(BulkReply.Accepted.class, bulk.create(request));
    assertEquals("existing", again.outcome());
    assertEquals(2, again.bulk().total());
    assertEquals(1, bulk.journal().stream().filter(BulkCreated.class::isInstance).count());
    BulkReply other = bulk.create(request(1, 2, false, items("2.0.0", services)));
    assertEquals(BulkReply.Code.KEY_REUSED, assertInstanceOf(BulkReply.Rejected.class, other).code());
  }

  @Test
  void allOrNothingWithAnUnknownServiceStartsNothing() {
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, ASK_TIMEOUT, "svc-0", "svc-2");
    Bulk bulk = bulk(endpoints);
    bulk.create(request(5, 1, true, items("2.0.0", "svc-0", "svc-1", "svc-2")));
    BulkState done = await(bulk, BulkState::finished);
    assertEquals(BulkPhase.REJECTED, done.phase());
    assertEquals(ItemStatus.INVALID, done.items().get(1).status());
    assertEquals("service does not exist", done.items().get(1).reason());
    assertEquals(2, done.count(ItemStatus.SKIPPED));
    assertEquals(0, endpoints.started());
    assertTrue(endpoints.requests().isEmpty());
  }

  @Test
  void allOrNothingWithKnownServicesRuns() {
    String[] services = services(3);
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, ASK_TIMEOUT, services);
    Bulk bulk = bulk(endpoints);
    assertEquals("validating", assertInstanceOf(BulkReply.Accepted.class,
        bulk.create(request(5, 1, true, items("2.0.0", services)))).bulk().state());
    assertEquals(BulkPhase.COMPLETED, await(bulk, BulkState::finished).phase());
    assertEquals(3, endpoints.started());
  }

  @Test
  void unknownServicesAndServingVersionsEndTheirItemsWithoutUsingTheBudget() {
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, ASK_TIMEOUT, "svc-0", "svc-2");
    endpoints.serving.put("svc-2", "2.0.0");
    Bulk bulk = bulk(endpoints);
    bulk.create(request(1, 1, false, items("2.0.0", "svc-0", "svc-1", "svc-2")));
    BulkState done = await(bulk, BulkState::finished);
    assertEquals(BulkPhase.COMPLETED, done.phase());
    assertEquals(List.of(ItemStatus.PROMOTED, ItemStatus.INVALID, ItemStatus.UNCHANGED),
        done.items().stream().map(BulkItem::status).toList());
    assertEquals(0, done.failures());
  }

  @Test
  void anIdNothingWasCreatedUnderIsNotFoundAndStops() {
    Bulk bulk = bulk(new FakeEndpoints(TESTKIT, ASK_TIMEOUT));
    BulkReply reply = bulk.entity().<BulkReply>runCommand(replyTo -> new BulkCommand.Get(0, 10, null, replyTo))
        .reply();
    assertEquals(BulkReply.Code.NOT_FOUND, assertInstanceOf(BulkReply.Rejected.class, reply).code());
    bulk.shard().expectMessageClass(ClusterSharding.Passivate.class);
  }

  @Test
  void theViewPagesItemsAndFiltersThemByState() {
    String[] services = services(7);
    FakeEndpoints endpoints = new FakeEndpoints(TESTKIT, ASK_TIMEOUT, services);
    Bulk bulk = bulk(endpoints);
    List<String> items = new ArrayList<>(List.of(items("2.0.0", services)));
    items.set(2, "svc-2 2.0.0-broken");
    bulk.create(request(7, 5, false, items.toArray(String[]::new)));
    await(bulk, BulkState::finished);
    BulkView page = assertInstanceOf(BulkView.class, bulk.entity().<BulkReply>runCommand(
        replyTo -> new BulkCommand.Get(2, 3, null, replyTo)).reply());
    assertEquals(List.of(2, 3, 4), page.items().stream().map(BulkView.Item::index).toList());
    assertEquals(5, page.next());
    assertEquals("failed", page.items().get(0).state());
    assertEquals("Failed", page.items().get(0).phase());
    assertEquals(6, page.counts().get("promoted"));
    BulkView failed = assertInstanceOf(BulkView.class, bulk.entity().<BulkReply>runCommand(
        replyTo -> new BulkCommand.Get(0, 10, ItemStatus.FAILED, replyTo)).reply());
    assertEquals(List.of("svc-2"), failed.items().stream().map(BulkView.Item::service).toList());
    assertEquals(null, failed.next());
  }

  /** The most items ever starting or in flight at once, replaying the journal's starts and ends. */
  static int mostActiveInJournal(List<BulkEvent> journal) {
    int active = 0;
    int most = 0;
    for (BulkEvent event : journal) {
      if (event instanceof ItemsStarted started) {
        active += started.indexes().size();
      } else if (event instanceof ItemsEnded ended) {
        active -= ended.items().size();
      }
      most = Math.max(most, active);
    }
    return most;
  }

  private static int indexOf(List<BulkEvent> journal, Class<?> type) {
    for (int i = 0; i < journal.size(); i++) {
      if (type.isInstance(journal.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + journal);
  }

  private static BulkState await(Bulk bulk, Predicate<BulkState> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    BulkState last = null;
    while (System.nanoTime() < deadline) {
      last = bulk.entity().getState();
      if (condition.test(last)) {
        return last;
      }
      sleep();
    }
    throw new AssertionError("condition not reached; last state " + last);
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      sleep();
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
