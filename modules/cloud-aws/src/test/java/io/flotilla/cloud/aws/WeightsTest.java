package io.flotilla.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsTest {
  @Test
  void percentMapsOntoTheAwsRange() {
    assertEquals(999, Weights.toAws(100));
    assertEquals(899, Weights.toAws(90));
    assertEquals(100, Weights.toAws(10));
    assertEquals(0, Weights.toAws(0));
  }

  @Test
  void readBackRoundsToPercentagesThatAddUpTo100() {
    Map<String, Integer> aws = new LinkedHashMap<>();
    aws.put("a", Weights.toAws(33));
    aws.put("b", Weights.toAws(33));
    aws.put("c", Weights.toAws(34));

    assertEquals(Map.of("a", 33, "b", 33, "c", 34), Weights.toPercent(aws));
    assertEquals(Map.of("a", 90, "b", 10), Weights.toPercent(Map.of("a", 899, "b", 100)));
  }
}
