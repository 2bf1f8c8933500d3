package io.flotilla.engine.bulk;

import io.flotilla.engine.bulk.BulkCommand.Answer;
import io.flotilla.engine.bulk.BulkCommand.Observation;
import io.flotilla.engine.bulk.BulkEvent.*;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure decisions of a bulk release: what a command or an endpoint's answer records, and what follows on its own
 * ({@link #settle}): the failure budget stopping the bulk, and pending items starting while slots are free.
 */
final class BulkDecisions {
  private BulkDecisions() {}

  /** Events to persist (possibly none) and the reply (null for internal reports). */
  record Decision(List<BulkEvent> events, BulkReply reply) {}

  static Decision create(BulkState state, String bulkId, BulkRequest request, String by, Instant now) {
    String fingerprint = request.fingerprint();
    if (state.created()) {
      if (state.fingerprint().equals(fingerprint)) {
        return new Decision(List.of(), new BulkReply.Accepted("existing", "this request was already made", null));
      }
      return new Decision(List.of(), new BulkReply.Rejected(BulkReply.Code.KEY_REUSED,
          "bulk release " + bulkId + " was made by a different request"));
    }
    BulkCreated created = new BulkCreated(bulkId, fingerprint, request, now, by);
    return new Decision(withSettled(state, List.of(created), now),
        new BulkReply.Accepted("created", "bulk release accepted", null));
  }

  static Decision cancel(BulkState state, String by, Instant now) {
    if (state.finished()) {
      return new Decision(List.of(), new BulkReply.Rejected(BulkReply.Code.CONFLICT,
          "bulk release " + state.id() + " already ended (" + state.phase().display() + ")"));
    }
    if (state.phase() != BulkPhase.RUNNING && state.phase() != BulkPhase.VALIDATING) {
      return new Decision(List.of(), new BulkReply.Accepted("no-op", "no item starts any more ("
          + state.phase().display() + "); " + state.active() + " in flight", null));
    }
    return new Decision(List.of(new BulkCancelled(now, by)), new BulkReply.Accepted("cancelled",
        state.count(ItemStatus.PENDING) + " pending items cancelled; " + state.active() + " in flight run to their end",
        null));
  }

  /** All or nothing: the existence check found these items' services unknown (none: all exist). */
  static List<BulkEvent> servicesChecked(BulkState state, List<Integer> unknown, Instant now) {
    if (state.phase() != BulkPhase.VALIDATING) {
      return List.of();
    }
    if (!unknown.isEmpty()) {
      return List.of(new BulkRejected(unknown, now));
    }
    return withSettled(state, List.of(new ServicesConfirmed(now)), now);
  }

  /** What the endpoints answered to release requests; answers for items no longer starting are ignored. */
  static List<BulkEvent> answered(BulkState state, List<Answer> answers, Instant now) {
    List<Accepted> accepted = new ArrayList<>();
    List<Ended> ended = new ArrayList<>();
    for (Answer answer : answers) {
      if (answer.failure() != null || state.items().get(answer.index()).status() != ItemStatus.STARTING) {
        continue;
      }
      if (answer.reply() instanceof Reply.Accepted yes) {
        if (yes.releaseId() == null) {
          ended.add(new Ended(answer.index(), ItemStatus.UNCHANGED, yes.message()));
        } else {
          accepted.add(new Accepted(answer.index(), yes.releaseId(), yes.outcome()));
        }
      } else if (answer.reply() instanceof Reply.Rejected no) {
        ended.add(new Ended(answer.index(), no.code() == Reply.Code.NOT_FOUND ? ItemStatus.INVALID
            : ItemStatus.FAILED, no.message()));
      }
    }
    List<BulkEvent> events = new ArrayList<>();
    if (!accepted.isEmpty()) {
      events.add(new ItemsAccepted(accepted, now));
    }
    if (!ended.isEmpty()) {
      events.add(new ItemsEnded(ended, now));
    }
    return events.isEmpty() ? List.of() : withSettled(state, events, now);
  }

  /** What the endpoints reported of releases in flight: items whose release ended, end. */
  static List<BulkEvent> observed(BulkState state, List<Observation> observations, Instant now) {
    List<Ended> ended = new ArrayList<>();
    for (Observation observation : observations) {
      if (observation.failure() != null
          || state.items().get(observation.index()).status() != ItemStatus.IN_FLIGHT) {
        continue;
      }
      if (observation.reply() instanceof Reply.ReleaseProgress progress) {
        Ended end = ending(observation.index(), progress);
        if (end != null) {
          ended.add(end);
        }
      } else if (observation.reply() instanceof Reply.Rejected rejected) {
        ended.add(new Ended(observation.index(), ItemStatus.FAILED, "the service went away: " + rejected.message()));
      }
    }
    return ended.isEmpty() ? List.of() : withSettled(state, List.of(new ItemsEnded(ended, now)), now);
  }

  /** How an item ends when its release is where {@code progress} says; null while it still runs. */
  static Ended ending(int index, Reply.ReleaseProgress progress) {
    return switch (progress.standing()) {
      case ACTIVE, QUEUED -> null;
      case UNKNOWN -> new Ended(index, ItemStatus.SUPERSEDED,
          "release " + progress.releaseId() + " no longer exists: a newer request replaced it in the queue");
      case FINISHED -> new Ended(index, statusOf(progress.phase()), progress.reason());
    };
  }

  static ItemStatus statusOf(ReleasePhase terminal) {
    return switch (terminal) {
      case PROMOTED -> ItemStatus.PROMOTED;
      case ROLLED_BACK -> ItemStatus.ROLLED_BACK;
      case ABORTED -> ItemStatus.ABORTED;
      case SUPERSEDED -> ItemStatus.SUPERSEDED;
      default -> ItemStatus.FAILED;
    };
  }

  /** Whatever follows on its own: any new events (possibly none). */
  static List<BulkEvent> settle(BulkState state, Instant now) {
    return withSettled(state, List.of(), now);
  }

  /** {@code events} followed by what follows from them: the budget stopping the bulk, then items starting. */
  private static List<BulkEvent> withSettled(BulkState state, List<BulkEvent> events, Instant now) {
    BulkState after = state;
    for (BulkEvent event : events) {
      after = after.apply(event);
    }
    List<BulkEvent> out = new ArrayList<>(events);
    if (after.phase() != BulkPhase.RUNNING) {
      return out;
    }
    if (after.failures() >= after.failureBudget() && after.count(ItemStatus.PENDING) > 0) {
      out.add(new BudgetExhausted(after.failures(), now));
      return out;
    }
    int free = after.maxConcurrent() - after.active();
    if (free > 0) {
      List<Integer> next = after.nextPending(free);
      if (!next.isEmpty()) {
        out.add(new ItemsStarted(next, now));
      }
    }
    return out;
  }
}
