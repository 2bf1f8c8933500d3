package io.flotilla.engine.bulk;

import io.flotilla.engine.endpoint.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Builds the API's view of a bulk release from its state and what the endpoints last reported. */
final class BulkViews {
  private BulkViews() {}

  /** The bulk with no items: for answers to create and cancel. */
  static BulkView summary(BulkState state, String node) {
    return of(state, index -> null, node, 0, 0, null);
  }

  /** The bulk with the items from {@code offset} (at most {@code limit}), only those with status {@code only} if set. */
  static BulkView of(BulkState state, IntFunction<Reply.ReleaseProgress> observed, String node, int offset,
      int limit, ItemStatus only) {
    List<BulkView.Item> page = new ArrayList<>();
    Integer next = null;
    if (limit > 0) {
      int matching = 0;
      for (int i = 0; i < state.items().size(); i++) {
        BulkItem item = state.items().get(i);
        if (only != null && item.status() != only) {
          continue;
        }
        if (matching >= offset) {
          if (page.size() == limit) {
            next = offset + limit;
            break;
          }
          page.add(item(i, item, observed.apply(i)));
        }
        matching++;
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ItemStatus status : ItemStatus.values()) {
      counts.put(status.display(), state.count(status));
    }
    return new BulkView(state.id(), state.phase().display(), state.finished(), state.maxConcurrent(),
        state.failureBudget(), state.allOrNothing(), state.items().size(), state.failures(), counts,
        state.createdAt(), state.stoppedAt(), state.endedAt(), node, page, offset, limit, next);
  }

  private static BulkView.Item item(int index, BulkItem item, Reply.ReleaseProgress progress) {
    return new BulkView.Item(index, item.service(), item.version(), item.status().display(),
        phaseOf(item, progress), item.releaseId(), item.answer(), item.reason(), item.startedAt(), item.endedAt());
  }

  /** The release's phase as the endpoint names it: last reported while in flight, implied by the end after. */
  private static String phaseOf(BulkItem item, Reply.ReleaseProgress progress) {
    return switch (item.status()) {
      case IN_FLIGHT -> {
        if (progress != null && progress.phase() != null) {
          yield progress.phase().display();
        }
        boolean queued = (progress != null && progress.standing() == Reply.Standing.QUEUED)
            || (progress == null && item.answer() != null && item.answer().contains("queued"));
        yield queued ? "Queued" : "Requested";
      }
      case PROMOTED -> "Promoted";
      case ROLLED_BACK -> "RolledBack";
      case FAILED -> item.releaseId() == null ? null : "Failed";
      case ABORTED -> "Aborted";
      case SUPERSEDED -> "Superseded";
      default -> null;
    };
  }
}
