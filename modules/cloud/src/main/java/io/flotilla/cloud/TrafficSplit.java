package io.flotilla.cloud;

import java.util.Map;
import java.util.TreeMap;

/** Weights in percent per environment id, as set on or read back from an endpoint. Environments at 0 may be absent. */
public record TrafficSplit(Map<String, Integer> weights) {
  public static final TrafficSplit EMPTY = new TrafficSplit(Map.of());

  public TrafficSplit {
    weights = Map.copyOf(weights);
  }

  public int weightOf(String environmentId) {
    return weights.getOrDefault(environmentId, 0);
  }

  /** Two splits are equivalent when every environment has the same weight, treating missing as 0. */
  public boolean sameAs(TrafficSplit other) {
    return nonZero().equals(other.nonZero());
  }

  public Map<String, Integer> nonZero() {
    TreeMap<String, Integer> out = new TreeMap<>();
    weights.forEach((id, weight) -> {
      if (weight != 0) {
        out.put(id, weight);
      }
    });
    return out;
  }
}
