package io.flotilla.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the {@code analysis} section of a spec: timing, the metrics the judge compares, alarms. */
final class AnalysisReader {
  static final List<String> FIELDS =
      List.of("interval", "warmup", "minRequests", "metrics", "alarms", "onInconclusive");
  private static final List<String> METRIC_FIELDS =
      List.of("name", "type", "maxIncrease", "percentile", "maxRatio", "critical");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final int MAX_METRICS = 20;

  private AnalysisReader() {}

  /** The policy, or {@code null} when any of its fields is invalid (the errors are recorded). */
  static AnalysisPolicy read(ObjectFields fields) {
    int mark = fields.errors().mark();
    Duration interval = fields.duration("interval", Duration.ofSeconds(1), Duration.ofHours(1),
        SpecDefaults.ANALYSIS_INTERVAL);
    Duration warmup = fields.duration("warmup", Duration.ZERO, Duration.ofHours(1), SpecDefaults.WARMUP);
    Integer minRequests = fields.integer("minRequests", 0, 1_000_000_000, SpecDefaults.MIN_REQUESTS);
    List<MetricCheck> metrics = fields.has("metrics") ? metrics(fields) : SpecDefaults.METRICS;
    List<String> alarms = alarms(fields);
    OnInconclusive onInconclusive = onInconclusive(fields);
    if (fields.errors().addedSince(mark)) {
      return null;
    }
    return new AnalysisPolicy(interval, warmup, minRequests, metrics, alarms, onInconclusive);
  }

  private static List<MetricCheck> metrics(ObjectFields fields) {
    List<JsonNode> items = fields.list("metrics");
    if (items == null) {
      return null;
    }
    if (items.size() > MAX_METRICS) {
      fields.error("metrics", "must have at most " + MAX_METRICS + " entries");
      return null;
    }
    List<MetricCheck> metrics = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      MetricCheck metric = metric(fields.item("metrics", i, items.get(i), METRIC_FIELDS), names);
      if (metric != null) {
        metrics.add(metric);
      }
    }
    return metrics;
  }

  private static MetricCheck metric(ObjectFields fields, Set<String> names) {
    int mark = fields.errors().mark();
    String name = fields.require("name") ? fields.matching("name", METRIC_NAME, null) : null;
    if (name != null && !names.add(name)) {
      fields.error("name", "duplicate metric name " + ObjectFields.quote(name));
    }
    MetricType type = fields.require("type") ? type(fields) : null;
    Boolean critical = fields.bool("critical", false);
    Double maxIncrease = null;
    Integer percentile = null;
    Double maxRatio = null;
    if (type == MetricType.ERROR_RATE) {
      maxIncrease = fields.require("maxIncrease") ? fields.number("maxIncrease", 0, 1) : null;
      fields.forbid("percentile", "for type error-rate");
      fields.forbid("maxRatio", "for type error-rate");
    } else if (type == MetricType.LATENCY) {
      percentile = fields.require("percentile") ? fields.integer("percentile", 1, 100, null) : null;
      maxRatio = fields.require("maxRatio") ? fields.number("maxRatio", 1, 100) : null;
      fields.forbid("maxIncrease", "for type latency");
    }
    if (fields.errors().addedSince(mark)) {
      return null;
    }
    return new MetricCheck(name, type, maxIncrease, percentile, maxRatio, critical);
  }

  private static MetricType type(ObjectFields fields) {
    String text = fields.string("type", null);
    if (text == null) {
      return null;
    }
    try {
      return MetricType.fromText(text);
    } catch (IllegalArgumentException e) {
      fields.error("type", e.getMessage());
      return null;
    }
  }

  private static List<String> alarms(ObjectFields fields) {
    if (!fields.has("alarms")) {
      return List.of();
    }
    List<JsonNode> items = fields.list("alarms");
    if (items == null) {
      return null;
    }
    List<String> alarms = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (item.isTextual() && !item.textValue().isBlank()) {
        alarms.add(item.textValue());
      } else {
        fields.errors().add(fields.itemPath("alarms", i), "must be a non-blank alarm name");
      }
    }
    return alarms;
  }

  private static OnInconclusive onInconclusive(ObjectFields fields) {
    String text = fields.string("onInconclusive", null);
    if (text == null) {
      return fields.has("onInconclusive") ? null : SpecDefaults.ON_INCONCLUSIVE;
    }
    try {
      return OnInconclusive.fromText(text);
    } catch (IllegalArgumentException e) {
      fields.error("onInconclusive", e.getMessage());
      return null;
    }
  }
}
