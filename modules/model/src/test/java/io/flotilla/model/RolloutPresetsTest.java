package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutPresetsTest {
  private static RolloutStep step(int weight, Duration hold) {
    return new RolloutStep(weight, hold);
  }

  @Test
  void canaryHoldsTenPercentForFiveMinutes() {
    assertEquals(List.of(step(10, Duration.ofMinutes(5)), step(100, Duration.ZERO)),
        RolloutPresets.expand("canary-10-5m"));
  }

  @Test
  void linearAddsTenPercentEveryMinuteAndDoesNotHoldTheLastStep() {
    List<RolloutStep> expected = IntStream.rangeClosed(1, 10)
        .mapToObj(i -> step(i * 10, i == 10 ? Duration.ZERO : Duration.ofMinutes(1)))
        .toList();
    assertEquals(expected, RolloutPresets.expand("linear-10-every-1m"));
  }

  @Test
  void allAtOnceIsOneStepOfEverything() {
    assertEquals(List.of(step(100, Duration.ZERO)), RolloutPresets.expand("all-at-once"));
  }

  @Test
  void generalCanaryTakesAnyWeightAndHold() {
    assertEquals(List.of(step(25, Duration.ofSeconds(45)), step(100, Duration.ZERO)),
        RolloutPresets.expand("canary-25-45s"));
    assertEquals(List.of(step(1, Duration.ofMinutes(90)), step(100, Duration.ZERO)),
        RolloutPresets.expand("canary-1-1h30m"));
  }

  @Test
  void linearWithAWeightThatDoesNotDivideHundredEndsAtHundred() {
    Duration hold = Duration.ofMinutes(2);
    assertEquals(List.of(step(30, hold), step(60, hold), step(90, hold), step(100, Duration.ZERO)),
        RolloutPresets.expand("linear-30-every-2m"));
  }

  @Test
  void linearOfFivePercentMakesTheMostStepsAllowed() {
    List<RolloutStep> steps = RolloutPresets.expand("linear-5-every-10s");
    assertEquals(20, steps.size());
    assertEquals(100, steps.get(19).weight());
  }

  @Test
  void namedPresetsAllExpand() {
    RolloutPresets.NAMED.forEach(name -> assertEquals(100, last(RolloutPresets.expand(name)).weight()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fast", "canary", "canary-10", "canary-0-5m", "canary-010-5m", "linear-10-1m",
      "Canary-10-5m", "all-at-once "})
  void rejectsUnknownPresetsListingTheValidOnes(String preset) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RolloutPresets.expand(preset));
    assertTrue(e.getMessage().startsWith("unknown preset '" + preset + "'; use one of canary-10-5m, "
        + "linear-10-every-1m, all-at-once"), e.getMessage());
  }

  @Test
  void rejectsACanaryOfEverything() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RolloutPresets.expand("canary-100-5m"));
    assertEquals("'canary-100-5m': the canary weight must be between 1 and 99", e.getMessage());
  }

  @Test
  void rejectsLinearPresetsWithMoreThanTwentySteps() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RolloutPresets.expand("linear-4-every-1m"));
    assertEquals("'linear-4-every-1m': the linear weight must be between 5 and 99", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"canary-10-soon", "canary-10-0s", "canary-10-8d", "linear-10-every-5"})
  void rejectsBadHolds(String preset) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RolloutPresets.expand(preset));
    assertTrue(e.getMessage().startsWith("'" + preset + "': "), e.getMessage());
  }

  private static RolloutStep last(List<RolloutStep> steps) {
    return steps.get(steps.size() - 1);
  }
}
