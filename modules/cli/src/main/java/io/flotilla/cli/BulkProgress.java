package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A bulk release as {@code GET /api/v1/releases/{id}} shows it: how many items are in each state, whether it has
 * ended, and whether every item ended well. It reads the item state from {@code phase}, {@code status},
 * {@code state} or {@code outcome}, and the bulk's own end from {@code done}/{@code finished} or a terminal
 * top-level state, so that it keeps working while the bulk API's vocabulary settles.
 */
record BulkProgress(String id, String state, Map<String, Integer> counts, int items, int ended, boolean done,
    boolean allGood) {

  private static final Set<String> GOOD = Set.of("promoted", "noop", "no-op", "skipped", "succeeded", "completed",
      "done", "unchanged");
  private static final Set<String> ITEM_ENDS = Set.of("rolledback", "failed", "aborted", "superseded", "invalid",
      "rejected", "cancelled", "canceled", "notstarted", "not-started");
  private static final Set<String> BULK_ENDS = Set.of("completed", "complete", "finished", "done", "cancelled",
      "canceled", "stopped", "failed", "succeeded", "budgetexhausted", "budget-exhausted");

  static BulkProgress of(JsonNode bulk) {
    Map<String, Integer> counts = new TreeMap<>();
    int ended = 0;
    boolean allGood = true;
    JsonNode items = bulk.path("items");
    for (JsonNode item : items) {
      String state = itemState(item);
      counts.merge(state, 1, Integer::sum);
      String key = normalised(state);
      if (GOOD.contains(key) || ITEM_ENDS.contains(key)) {
        ended++;
      }
      allGood &= GOOD.contains(key);
    }
    String state = firstText(bulk, "state", "status", "phase").orElse("");
    boolean done = bulk.path("done").asBoolean(false) || bulk.path("finished").asBoolean(false)
        || BULK_ENDS.contains(normalised(state)) || items.size() > 0 && ended == items.size();
    return new BulkProgress(firstText(bulk, "id", "bulkId").orElse(""), state, counts, items.size(), ended, done,
        allGood);
  }

  static String itemState(JsonNode item) {
    return firstText(item, "phase", "status", "state", "outcome").orElse("Pending");
  }

  static boolean isGood(String state) {
    return GOOD.contains(normalised(state));
  }

  /** {@code 120/10000 ended | Promoted 100 | RolledBack 3 | Failed 2 | Pending 9880}. */
  String line() {
    StringJoiner out = new StringJoiner(" | ");
    out.add(ended + "/" + items + " ended" + (state.isEmpty() ? "" : " (" + state + ")"));
    counts.forEach((name, count) -> out.add(name + " " + count));
    return out.toString();
  }

  private static Optional<String> firstText(JsonNode node, String... fields) {
    for (String field : fields) {
      if (node.path(field).isTextual() && !node.path(field).asText().isEmpty()) {
        return Optional.of(node.path(field).asText());
      }
    }
    return Optional.empty();
  }

  private static String normalised(String state) {
    return state.toLowerCase(Locale.ROOT).replace("_", "");
  }
}
