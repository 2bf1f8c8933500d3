package io.flotilla.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns per-metric classifications into a verdict, in this order: a critical metric that is HIGH fails at once; a
 * metrics-source error makes the interval ERROR (never FAIL: it says nothing about the canary); with no metric
 * having data the interval is INCONCLUSIVE; otherwise the score (the weighted share of metrics with data that pass,
 * LOW counting as a pass, as Kayenta scores) fails at or below {@code marginal}, passes at or above {@code pass} when
 * every metric had data, and is INCONCLUSIVE in between.
 */
final class Scorecard {
  static final String SOURCE_FAILED = "metrics source failed: ";

  private Scorecard() {}

  static Judgement decide(List<MetricResult> results, JudgeSettings settings) {
    if (results.isEmpty()) {
      return new Judgement(Verdict.PASS, 100.0, results, "the policy names no metrics to compare");
    }
    Double score = score(results, settings);
    for (MetricResult result : results) {
      if (result.critical() && result.classification() == Classification.HIGH) {
        return new Judgement(Verdict.FAIL, score, results, "critical metric " + result.name() + " is HIGH: "
            + result.reason());
      }
    }
    Map<String, List<String>> failures = new LinkedHashMap<>();
    for (MetricResult result : results) {
      String failure = result.sourceFailure();
      if (failure != null) {
        failures.computeIfAbsent(failure, key -> new ArrayList<>()).add(result.name());
      }
    }
    if (!failures.isEmpty()) {
      return new Judgement(Verdict.ERROR, score, results, SOURCE_FAILED + failures.entrySet().stream()
          .map(entry -> entry.getKey() + " (" + String.join(", ", entry.getValue()) + " not compared)")
          .collect(Collectors.joining("; ")));
    }
    List<MetricResult> withoutData = results.stream().filter(r -> !r.classification().hasData()).toList();
    if (score == null) {
      return new Judgement(Verdict.INCONCLUSIVE, null, results, "no metric has data: " + reasons(withoutData));
    }
    String scored = "score " + format(score);
    List<MetricResult> high = results.stream().filter(r -> r.classification() == Classification.HIGH).toList();
    if (score <= settings.marginal()) {
      return new Judgement(Verdict.FAIL, score, results, scored + " <= marginal " + format(settings.marginal())
          + ": " + reasons(high));
    }
    if (score >= settings.pass() && withoutData.isEmpty()) {
      long passing = results.size() - high.size();
      return new Judgement(Verdict.PASS, score, results, scored + " (" + passing + " of " + results.size()
          + " metrics pass)" + (high.isEmpty() ? "" : ": " + reasons(high)));
    }
    if (score >= settings.pass()) {
      return new Judgement(Verdict.INCONCLUSIVE, score, results, scored + " but not every metric has data: "
          + reasons(withoutData));
    }
    return new Judgement(Verdict.INCONCLUSIVE, score, results, scored + " is between marginal "
        + format(settings.marginal()) + " and pass " + format(settings.pass()) + ": " + reasons(high));
  }

  /** The weighted share (0..100) of metrics with data that pass; null when none has data or all weigh 0. */
  static Double score(List<MetricResult> results, JudgeSettings settings) {
    double total = 0;
    double passing = 0;
    for (MetricResult result : results) {
      if (result.classification().hasData()) {
        double weight = settings.weightOf(result.name());
        total += weight;
        if (result.classification() != Classification.HIGH) {
          passing += weight;
        }
      }
    }
    return total == 0 ? null : 100 * passing / total;
  }

  private static String reasons(List<MetricResult> results) {
    return results.stream().map(MetricResult::reason).collect(Collectors.joining("; "));
  }

  private static String format(double score) {
    return score == Math.rint(score) ? String.format(Locale.ROOT, "%.0f", score)
        : String.format(Locale.ROOT, "%.1f", score);
  }
}
