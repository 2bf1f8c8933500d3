package io.flotilla.engine.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Poll rounds over items in flight: at most a batch each, taking turns, wrapping around, nobody left out. */
class BulkPollRoundTest {

  @Test
  void fewerInFlightThanABatchAreAllAskedEveryRound() {
    assertEquals(List.of(3, 7, 9), BulkEffects.nextRound(List.of(3, 7, 9), 7, 5));
  }

  @Test
  void roundsTakeTurnsAfterTheLastIndexAskedAndWrapAround() {
    List<Integer> inFlight = List.of(1, 4, 5, 8, 12);
    assertEquals(List.of(1, 4), BulkEffects.nextRound(inFlight, -1, 2));
    assertEquals(List.of(5, 8), BulkEffects.nextRound(inFlight, 4, 2));
    assertEquals(List.of(12, 1), BulkEffects.nextRound(inFlight, 8, 2));
    // the last index asked has meanwhile left the flight: the turn goes on from the next one still in flight
    assertEquals(List.of(8, 12), BulkEffects.nextRound(inFlight, 6, 2));
    assertEquals(List.of(1, 4), BulkEffects.nextRound(inFlight, 12, 2));
  }

  @Test
  void everyItemInFlightIsAskedWithinCeilingOfInFlightOverBatchRounds() {
    List<Integer> inFlight = new ArrayList<>();
    for (int i = 0; i < 10_000; i += 3) {
      inFlight.add(i);
    }
    Set<Integer> asked = new HashSet<>();
    int after = -1;
    int rounds = (inFlight.size() + 499) / 500;
    for (int round = 0; round < rounds; round++) {
      List<Integer> next = BulkEffects.nextRound(inFlight, after, 500);
      assertEquals(500, next.size());
      asked.addAll(next);
      after = next.get(next.size() - 1);
    }
    assertEquals(new HashSet<>(inFlight), asked);
  }
}
