package io.flotilla.engine.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.engine.bulk.BulkCommand.Answer;
import io.flotilla.engine.bulk.BulkCommand.Observation;
import io.flotilla.engine.bulk.BulkEvent.*;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decisions of a bulk release, applied to its state as the entity does. */
class BulkDecisionsTest {
  private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");

  private BulkState state = BulkState.empty();
  private final List<BulkEvent> journal = new ArrayList<>();

  private void record(List<BulkEvent> events) {
    for (BulkEvent event : events) {
      state = state.apply(event);
      journal.add(event);
    }
  }

  private void create(int items, int maxConcurrent, int failureBudget) {
    List<BulkRequest.Item> list = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      list.add(new BulkRequest.Item("svc-" + i, "2.0.0", i == 1 ? "version: must match ..." : null));
    }
    record(BulkDecisions.create(state, "bulk-1", BulkRequest.of(list, maxConcurrent, failureBudget, false), "tester",
        NOW)
        .events());
  }

  private void accept(int... indexes) {
    List<Answer> answers = new ArrayList<>();
    for (int index : indexes) {
      answers.add(new Answer(index, new Reply.Accepted("started", "", "rel-" + index, 1), null));
    }
    record(BulkDecisions.answered(state, answers, NOW));
  }

  private void finish(int index, ReleasePhase phase) {
    record(BulkDecisions.observed(state, List.of(new Observation(index, new Reply.ReleaseProgress("rel-" + index,
        Reply.Standing.FINISHED, "2.0.0", phase, null), null)), NOW));
  }

  @Test
  void itemsStartInRequestOrderSkippingInvalidOnesAndOnlyAsSlotsFree() {
    create(6, 2, 3);
    assertEquals(List.of(0, 2), ((ItemsStarted) journal.get(1)).indexes());
    assertEquals(ItemStatus.INVALID, state.items().get(1).status());
    accept(0, 2);
    assertEquals(2, state.active());
    assertTrue(BulkDecisions.settle(state, NOW).isEmpty(), "no slot free");
    finish(0, ReleasePhase.PROMOTED);
    assertEquals(List.of(3), ((ItemsStarted) journal.get(journal.size() - 1)).indexes());
  }

  @Test
  void answersMapToInFlightUnchangedInvalidOrFailedAndIgnoreFailuresToAsk() {
    create(6, 6, 5);
    record(BulkDecisions.answered(state, List.of(
        new Answer(0, new Reply.Accepted("queued", "", "rel-3", null), null),
        new Answer(2, new Reply.Accepted("no-op", "already serves", null, 1), null),
        new Answer(3, Reply.notFound("svc-3"), null),
        new Answer(4, Reply.conflict("service 'svc-4' is being deleted"), null),
        new Answer(5, null, "AskTimeoutException")), NOW));
    assertEquals(ItemStatus.IN_FLIGHT, state.items().get(0).status());
    assertEquals("queued", state.items().get(0).answer());
    assertEquals(ItemStatus.UNCHANGED, state.items().get(2).status());
    assertEquals(ItemStatus.INVALID, state.items().get(3).status());
    assertEquals(ItemStatus.FAILED, state.items().get(4).status());
    assertEquals(ItemStatus.STARTING, state.items().get(5).status(), "asked again later");
    assertEquals(1, state.failures());
  }

  @Test
  void releasesThatEndedOrVanishedEndTheirItems() {
    create(5, 5, 10);
    accept(0, 2, 3, 4);
    record(BulkDecisions.observed(state, List.of(
        new Observation(0, new Reply.ReleaseProgress("rel-0", Reply.Standing.ACTIVE, "2.0.0",
            ReleasePhase.HOLDING, null), null),
        new Observation(2, new Reply.ReleaseProgress("rel-2", Reply.Standing.UNKNOWN, null, null, null), null),
        new Observation(3, new Reply.ReleaseProgress("rel-3", Reply.Standing.FINISHED, "2.0.0",
            ReleasePhase.ROLLED_BACK, "analysis failed"), null),
        new Observation(4, Reply.notFound("svc-4"), null)), NOW));
    assertEquals(ItemStatus.IN_FLIGHT, state.items().get(0).status());
    assertEquals(ItemStatus.SUPERSEDED, state.items().get(2).status());
    assertEquals(ItemStatus.ROLLED_BACK, state.items().get(3).status());
    assertEquals("analysis failed", state.items().get(3).reason());
    assertEquals(ItemStatus.FAILED, state.items().get(4).status());
    assertEquals(2, state.failures());
  }

  @Test
  void reachingTheBudgetSkipsWhatIsPendingAndNothingStartsAfter() {
    create(8, 2, 2);
    accept(0, 2);
    finish(0, ReleasePhase.FAILED);
    accept(3);
    finish(2, ReleasePhase.ABORTED);
    assertInstanceOf(BudgetExhausted.class, journal.get(journal.size() - 1));
    assertEquals(BulkPhase.STOPPED_BY_BUDGET, state.phase());
    assertEquals(4, state.count(ItemStatus.SKIPPED));
    assertEquals(1, state.active());
    finish(3, ReleasePhase.PROMOTED);
    assertTrue(state.finished());
    assertEquals(BulkPhase.STOPPED_BY_BUDGET, state.phase());
  }

  @Test
  void theLastItemFailingWithNothingPendingCompletesTheBulk() {
    create(3, 5, 1);
    accept(0, 2);
    finish(0, ReleasePhase.PROMOTED);
    finish(2, ReleasePhase.FAILED);
    assertTrue(state.finished());
    assertEquals(BulkPhase.COMPLETED, state.phase(), "nothing was left to skip");
    assertTrue(journal.stream().noneMatch(BudgetExhausted.class::isInstance));
  }

  @Test
  void cancellingAFinishedBulkIsAConflictAndCancellingTwiceIsANoOp() {
    create(4, 1, 1);
    BulkDecisions.Decision cancel = BulkDecisions.cancel(state, "tester", NOW);
    record(cancel.events());
    assertEquals("cancelled", ((BulkReply.Accepted) cancel.reply()).outcome());
    assertEquals(2, state.count(ItemStatus.CANCELLED));
    assertEquals("no-op", ((BulkReply.Accepted) BulkDecisions.cancel(state, "tester", NOW).reply()).outcome());
    accept(0);
    finish(0, ReleasePhase.PROMOTED);
    assertTrue(state.finished());
    assertEquals(BulkReply.Code.CONFLICT,
        ((BulkReply.Rejected) BulkDecisions.cancel(state, "tester", NOW).reply()).code());
  }

  @Test
  void theFingerprintTellsRequestsApart() {
    BulkRequest one = BulkRequest.of(List.of(new BulkRequest.Item("a", "1", null)), 1, 1, false);
    assertEquals(one.fingerprint(), BulkRequest.of(List.of(new BulkRequest.Item("a", "1", null)), 1, 1, false)
        .fingerprint());
    assertTrue(!one.fingerprint().equals(BulkRequest.of(List.of(new BulkRequest.Item("a", "1", null)), 2, 1, false)
        .fingerprint()));
    assertTrue(!BulkRequest.of(List.of(new BulkRequest.Item("ab", "1", null)), 1, 1, false).fingerprint().equals(
        BulkRequest.of(List.of(new BulkRequest.Item("a", "b1", null)), 1, 1, false).fingerprint()));
  }
}
