package io.flotilla.judge;

import java.util.List;

/**
 * The judge's answer for one interval: the verdict, the score (0..100, the weighted share of metrics with data that
 * pass; null when no metric had data), every metric's numbers, and a one-line summary naming what decided.
 */
public record Judgement(Verdict verdict, Double score, List<MetricResult> metrics, String summary) {
  public Judgement {
    metrics = List.copyOf(metrics);
  }
}
