package io.flotilla.cloud.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent (0–100) to ALB weights (0–999) and back; reading back normalizes to percent of the total, summing to 100. */
final class Weights {
  static final int MAX_AWS_WEIGHT = 999;

  private Weights() {}

  static int toAws(int percent) {
    return (int) Math.round(percent * MAX_AWS_WEIGHT / 100.0);
  }

  /** Largest-remainder rounding, so 899/100 reads back as 90/10 and the percentages always add up to 100. */
  static <K> Map<K, Integer> toPercent(Map<K, Integer> awsWeights) {
    long total = awsWeights.values().stream().mapToLong(Integer::longValue).sum();
    Map<K, Integer> out = new LinkedHashMap<>();
    if (total == 0) {
      awsWeights.keySet().forEach(key -> out.put(key, 0));
      return out;
    }
    List<Map.Entry<K, Double>> remainders = new ArrayList<>();
    int assigned = 0;
    for (Map.Entry<K, Integer> entry : awsWeights.entrySet()) {
      double exact = entry.getValue() * 100.0 / total;
      int floor = (int) Math.floor(exact);
      out.put(entry.getKey(), floor);
      assigned += floor;
      remainders.add(Map.entry(entry.getKey(), exact - floor));
    }
    remainders.sort(Map.Entry.<K, Double>comparingByValue(Comparator.reverseOrder()));
    for (int i = 0; i < 100 - assigned; i++) {
      out.merge(remainders.get(i).getKey(), 1, Integer::sum);
    }
    return out;
  }
}
