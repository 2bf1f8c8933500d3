package io.flotilla.cloud.local;

import io.flotilla.cloud.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** A traffic split prepared for picking an environment at random by weight; only weights above zero take part. */
final class WeightTable {
  static final WeightTable EMPTY = new WeightTable(TrafficSplit.EMPTY);

  private final TrafficSplit split;
  private final String[] ids;
  private final int[] cumulative;
  private final int total;

  WeightTable(TrafficSplit split) {
    this.split = split;
    List<String> positive = new ArrayList<>();
    split.nonZero().forEach((id, weight) -> {
      if (weight > 0) {
        positive.add(id);
      }
    });
    this.ids = positive.toArray(String[]::new);
    this.cumulative = new int[ids.length];
    int sum = 0;
    for (int i = 0; i < ids.length; i++) {
      sum += split.weightOf(ids[i]);
      cumulative[i] = sum;
    }
    this.total = sum;
  }

  TrafficSplit split() {
    return split;
  }

  /** The chosen environment id, or null when no environment has weight. */
  String pick(RandomGenerator random) {
    if (total == 0) {
      return null;
    }
    int ticket = random.nextInt(total);
    for (int i = 0; i < ids.length; i++) {
      if (ticket < cumulative[i]) {
        return ids[i];
      }
    }
    return ids[ids.length - 1];
  }
}
