package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A bulk release as {@code GET /api/v1/releases/{id}} shows it: its state, whether it has ended ({@code finished}:
 * no item pending or in flight), and how many items are in each state ({@code counts}, over all items, not only the
 * page of items the answer carries).
 */
record BulkProgress(String id, String state, boolean done, int total, Map<String, Integer> counts) {

  /** Item states that ended well: released, or nothing to release. */
  private static final Set<String> GOOD = Set.of("promoted", "unchanged");
  /** Item states still to end. */
  private static final Set<String> OPEN = Set.of("pending", "starting", "in-flight");
  /** The order states are shown in: open ones first, then good, then bad. */
  private static final List<String> ORDER = List.of("pending", "starting", "in-flight", "promoted", "unchanged",
      "rolled-back", "failed", "aborted", "superseded", "skipped", "cancelled", "invalid");

  static BulkProgress of(JsonNode bulk) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    JsonNode given = bulk.path("counts");
    ORDER.forEach(state -> {
      if (given.path(state).asInt(0) > 0) {
        counts.put(state, given.path(state).asInt());
      }
    });
    given.fields().forEachRemaining(field -> {
      if (field.getValue().asInt(0) > 0) {
        counts.putIfAbsent(field.getKey(), field.getValue().asInt());
      }
    });
    return new BulkProgress(bulk.path("id").asText(""), bulk.path("state").asText(""),
        bulk.path("finished").asBoolean(false), bulk.path("total").asInt(0), counts);
  }

  static boolean isGood(String itemState) {
    return GOOD.contains(itemState);
  }

  /** Items that have ended, well or not. */
  int ended() {
    return total - counts.entrySet().stream().filter(entry -> OPEN.contains(entry.getKey()))
        .mapToInt(Map.Entry::getValue).sum();
  }

  /** Every item was promoted or already served its version. */
  boolean allGood() {
    return counts.keySet().stream().allMatch(GOOD::contains);
  }

  /** The states of items that did not end well, with a count above zero, in display order. */
  List<String> badStates() {
    List<String> out = new ArrayList<>();
    counts.keySet().stream().filter(state -> !GOOD.contains(state) && !OPEN.contains(state)).forEach(out::add);
    return out;
  }

  /** {@code 120/10000 ended (running) | in-flight 50 | promoted 100 | rolled-back 3 | pending 9847}. */
  String line() {
    StringJoiner out = new StringJoiner(" | ");
    out.add(ended() + "/" + total + " ended" + (state.isEmpty() ? "" : " (" + state + ")"));
    counts.forEach((name, count) -> out.add(name + " " + count));
    return out.toString();
  }
}
