package io.flotilla.engine.bulk;

import io.flotilla.engine.CborSerializable;
import io.flotilla.engine.bulk.BulkEvent.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A bulk release, immutable: its items in request order, its limits, its phase and the count of items per status.
 * {@code cursor} is where the search for the next pending item starts (items start in request order).
 * {@code endedAt} is set once no item is pending or in flight. {@code requestedBy} is the principal who made the
 * request; its items' release requests carry it. {@link #apply} is the only way it changes.
 */
public record BulkState(
    String id,
    String fingerprint,
    List<BulkItem> items,
    int maxConcurrent,
    int failureBudget,
    boolean allOrNothing,
    BulkPhase phase,
    Map<ItemStatus, Integer> counts,
    int cursor,
    Instant createdAt,
    Instant stoppedAt,
    Instant endedAt,
    String requestedBy) implements CborSerializable {

  public BulkState {
    items = List.copyOf(items);
    counts = Map.copyOf(counts);
  }

  public static BulkState empty() {
    return new BulkState(null, null, List.of(), 0, 0, false, null, Map.of(), 0, null, null, null, null);
  }

  public boolean created() {
    return phase != null;
  }

  /** No item is pending or in flight any more. */
  public boolean finished() {
    return endedAt != null;
  }

  public int count(ItemStatus status) {
    return counts.getOrDefault(status, 0);
  }

  /** Items holding a slot: starting or in flight. */
  public int active() {
    return count(ItemStatus.STARTING) + count(ItemStatus.IN_FLIGHT);
  }

  /** Items that failed, rolled back or were aborted. */
  public int failures() {
    return count(ItemStatus.ROLLED_BACK) + count(ItemStatus.FAILED) + count(ItemStatus.ABORTED);
  }

  /** Up to {@code limit} pending items, in request order. */
  public List<Integer> nextPending(int limit) {
    List<Integer> out = new ArrayList<>();
    for (int i = cursor; i < items.size() && out.size() < limit; i++) {
      if (items.get(i).status() == ItemStatus.PENDING) {
        out.add(i);
      }
    }
    return out;
  }

  /** The indexes of the items with {@code status}, in request order. */
  public List<Integer> indexesWith(ItemStatus status) {
    List<Integer> out = new ArrayList<>();
    if (count(status) == 0) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).status() == status) {
        out.add(i);
      }
    }
    return out;
  }

  public BulkState apply(BulkEvent event) {
    Change change = new Change(this);
    if (event instanceof BulkCreated e) {
      return created(e);
    } else if (event instanceof ServicesConfirmed) {
      change.phase = BulkPhase.RUNNING;
    } else if (event instanceof BulkRejected e) {
      e.unknown().forEach(index -> change.notStarted(index, ItemStatus.INVALID, "service does not exist"));
      change.stopPending(ItemStatus.SKIPPED, "all or nothing: another item is invalid");
      change.phase = BulkPhase.REJECTED;
      change.stoppedAt = e.at();
    } else if (event instanceof ItemsStarted e) {
      for (int index : e.indexes()) {
        if (change.items.get(index).status() == ItemStatus.PENDING) {
          change.set(index, change.items.get(index).starting(e.at()));
        }
        change.cursor = Math.max(change.cursor, index + 1);
      }
    } else if (event instanceof ItemsAccepted e) {
      for (Accepted accepted : e.items()) {
        BulkItem item = change.items.get(accepted.index());
        if (item.status() == ItemStatus.STARTING) {
          change.set(accepted.index(), item.accepted(accepted.releaseId(), accepted.answer()));
        }
      }
    } else if (event instanceof ItemsEnded e) {
      for (Ended ended : e.items()) {
        BulkItem item = change.items.get(ended.index());
        if (item.status().active()) {
          change.set(ended.index(), item.ended(ended.status(), ended.reason(), e.at()));
        }
      }
    } else if (event instanceof BudgetExhausted e) {
      change.stopPending(ItemStatus.SKIPPED, "failure budget of " + failureBudget + " used up");
      change.phase = BulkPhase.STOPPED_BY_BUDGET;
      change.stoppedAt = e.at();
    } else if (event instanceof BulkCancelled e) {
      change.stopPending(ItemStatus.CANCELLED, "bulk cancelled");
      change.phase = BulkPhase.CANCELLED;
      change.stoppedAt = e.at();
    } else {
      throw new IllegalStateException("unhandled event " + event.getClass().getSimpleName());
    }
    return change.build(event.at());
  }

  private BulkState created(BulkCreated e) {
    BulkRequest request = e.request();
    List<BulkItem> newItems = new ArrayList<>(request.size());
    Map<ItemStatus, Integer> newCounts = new EnumMap<>(ItemStatus.class);
    for (int i = 0; i < request.size(); i++) {
      BulkRequest.Item requested = request.item(i);
      BulkItem item = requested.invalid() == null ? BulkItem.pending(requested.service(), requested.version())
          : BulkItem.invalid(requested.service(), requested.version(), requested.invalid());
      newItems.add(item);
      newCounts.merge(item.status(), 1, Integer::sum);
    }
    BulkPhase initial = request.allOrNothing() ? BulkPhase.VALIDATING : BulkPhase.RUNNING;
    BulkState state = new BulkState(e.bulkId(), e.fingerprint(), newItems, request.maxConcurrent(),
        request.failureBudget(), request.allOrNothing(), initial, newCounts, 0, e.at(), null, null, e.by());
    return new Change(state).build(e.at());
  }

  /** A working copy for one event: the item list is copied once, counts follow every item change. */
  private static final class Change {
    final BulkState from;
    final List<BulkItem> items;
    final Map<ItemStatus, Integer> counts;
    BulkPhase phase;
    int cursor;
    Instant stoppedAt;

    Change(BulkState from) {
      this.from = from;
      this.items = new ArrayList<>(from.items);
      this.counts = from.counts.isEmpty() ? new EnumMap<>(ItemStatus.class) : new EnumMap<>(from.counts);
      this.phase = from.phase;
      this.cursor = from.cursor;
      this.stoppedAt = from.stoppedAt;
    }

    void set(int index, BulkItem item) {
      ItemStatus before = items.get(index).status();
      items.set(index, item);
      counts.merge(before, -1, Integer::sum);
      counts.merge(item.status(), 1, Integer::sum);
    }

    void notStarted(int index, ItemStatus status, String why) {
      if (items.get(index).status() == ItemStatus.PENDING) {
        set(index, items.get(index).notStarted(status, why));
      }
    }

    void stopPending(ItemStatus status, String why) {
      for (int i = cursor; i < items.size() && counts.getOrDefault(ItemStatus.PENDING, 0) > 0; i++) {
        notStarted(i, status, why);
      }
      cursor = items.size();
    }

    BulkState build(Instant at) {
      counts.values().removeIf(count -> count == 0);
      int pending = counts.getOrDefault(ItemStatus.PENDING, 0);
      int active = counts.getOrDefault(ItemStatus.STARTING, 0) + counts.getOrDefault(ItemStatus.IN_FLIGHT, 0);
      Instant endedAt = from.endedAt;
      BulkPhase finalPhase = phase;
      if (endedAt == null && phase != BulkPhase.VALIDATING && pending == 0 && active == 0) {
        endedAt = at;
        if (phase == BulkPhase.RUNNING) {
          finalPhase = BulkPhase.COMPLETED;
        }
      }
      return new BulkState(from.id, from.fingerprint, items, from.maxConcurrent, from.failureBudget,
          from.allOrNothing, finalPhase, counts, cursor, from.createdAt, stoppedAt, endedAt, from.requestedBy);
    }
  }
}
