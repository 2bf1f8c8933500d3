package io.flotilla.engine.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetIndexTest {
  private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

  private static FleetRow row(String service, long seqNr, String team, String account, ReleasePhase lastPhase) {
    return new FleetRow(service, seqNr, AT, true, false, team, account, "local", 1, List.of(), Map.of(), Map.of(),
        null, lastPhase, false, null);
  }

  private static FleetQuery query(Optional<Set<String>> accounts, Optional<String> team, Optional<String> phase,
      Optional<String> q, Optional<String> after, int offset, int limit) {
    return new FleetQuery(accounts, Optional.empty(), team, phase, q, after, offset, limit);
  }

  private static List<String> names(FleetPage page) {
    return page.rows().stream().map(FleetRow::service).toList();
  }

  private static FleetIndex indexOf(FleetRow... rows) {
    FleetIndex index = new FleetIndex();
    index.putAll(List.of(rows));
    return index;
  }

  @Test
  void pagesInNameOrderWithTotalsAndNextOffsetAndCursor() {
    FleetIndex index = indexOf(row("delta", 1, "a", "local", null), row("alpha", 1, "a", "local", null),
        row("charlie", 1, "a", "local", null), row("bravo", 1, "a", "local", null));
    FleetPage first = index.query(FleetQuery.all(3));
    assertEquals(List.of("alpha", "bravo", "charlie"), names(first));
    assertEquals(4, first.total());
    assertEquals(3, first.next());
    assertEquals("charlie", first.nextCursor());

    FleetPage byOffset = index.query(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), 3, 3));
    assertEquals(List.of("delta"), names(byOffset));
    assertNull(byOffset.next());
    assertNull(byOffset.nextCursor());

    FleetPage byCursor = index.query(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of("charlie"), 0, 3));
    assertEquals(List.of("delta"), names(byCursor));
    assertEquals(4, byCursor.total(), "the total counts every match, whatever the page");
  }

  @Test
  void aCursorStaysStableWhenServicesBeforeItComeAndGo() {
    FleetIndex index = indexOf(row("b", 1, "t", "local", null), row("c", 1, "t", "local", null),
        row("d", 1, "t", "local", null));
    String cursor = index.query(FleetQuery.all(2)).nextCursor();
    index.put(row("a", 1, "t", "local", null));
    assertEquals(List.of("d"), names(index.query(query(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(cursor), 0, 2))));
  }

  @Test
  void filtersCombineAndPhaseIgnoresCase() {
    FleetIndex index = indexOf(row("checkout", 1, "payments", "111122223333", ReleasePhase.PROMOTED),
        row("checkout-eu", 1, "payments", "prod", ReleasePhase.ROLLED_BACK),
        row("search", 1, "discovery", "prod", ReleasePhase.PROMOTED),
        row("search-admin", 1, "discovery", "local", null));
    Optional<Set<String>> prod = Optional.of(Set.of("111122223333", "prod"));
    assertEquals(List.of("checkout", "checkout-eu", "search"),
        names(index.query(query(prod, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 10))),
        "an account matches by id or alias");
    assertEquals(List.of("checkout", "search"), names(index.query(query(prod, Optional.empty(),
        Optional.of("promoted"), Optional.empty(), Optional.empty(), 0, 10))));
    assertEquals(List.of("search-admin"), names(index.query(query(Optional.empty(), Optional.of("discovery"),
        Optional.of("None"), Optional.empty(), Optional.empty(), 0, 10))));
    assertEquals(List.of("checkout-eu", "search-admin"), names(index.query(query(Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("-"), Optional.empty(), 0, 10))));
    assertEquals(List.of("checkout", "checkout-eu"), names(index.query(query(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of("CHECK"), Optional.empty(), 0, 10))), "search ignores case");
  }

  @Test
  void onlyNewerRowsReplaceHeldOnesAndUnlistedRowsAreHidden() {
    FleetIndex index = indexOf(row("checkout", 5, "payments", "local", null));
    index.put(row("checkout", 4, "stale", "local", null));
    assertEquals("payments", index.get("checkout").orElseThrow().team());
    index.put(row("checkout", 6, "billing", "local", null));
    assertEquals("billing", index.get("checkout").orElseThrow().team());

    FleetRow deleted = new FleetRow("checkout", 7, AT, false, false, "billing", "local", "local", 1, List.of(),
        Map.of(), Map.of(), null, null, false, null);
    index.put(deleted);
    FleetPage page = index.query(FleetQuery.all(10));
    assertEquals(List.of(), names(page));
    assertEquals(0, page.total());
  }

  @Test
  void pagingThroughManyServicesReturnsEachOnce() {
    FleetIndex index = new FleetIndex();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String name = "svc-%04d".formatted(i);
      index.put(row(name, 1, i % 3 == 0 ? "even" : "odd", "local", null));
      if (i % 3 == 0) {
        expected.add(name);
      }
    }
    List<String> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      FleetPage page = index.query(query(Optional.empty(), Optional.of("even"), Optional.empty(), Optional.empty(),
          cursor, 0, 37));
      seen.addAll(names(page));
      cursor = Optional.ofNullable(page.nextCursor());
    } while (cursor.isPresent());
    assertEquals(expected, seen);
  }
}
