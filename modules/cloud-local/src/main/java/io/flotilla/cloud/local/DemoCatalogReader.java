package io.flotilla.cloud.local;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flotilla.model.DurationText;
import io.flotilla.model.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a demo catalog tree by hand rather than by data binding, so that every error names the version
 * and field it is about ({@code versions[*-bad].errorRate}) and all errors are reported at once.
 */
final class DemoCatalogReader {
  private static final Set<String> ROOT_FIELDS = Set.of("default", "versions");
  private static final Set<String> ENTRY_FIELDS = Set.of("latency", "errorRate", "startup", "healthy", "crashAfter");
  private static final Set<String> LATENCY_FIELDS = Set.of("median", "p99", "tail");
  private static final Set<String> TAIL_FIELDS = Set.of("probability", "median", "p99");

  private final List<FieldError> errors = new ArrayList<>();

  record Result(VersionBehavior fallback, Map<String, VersionBehavior> versions) {}

  Result read(String text, String source) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "(file)" : "line " + at.getLineNr();
      throw new DemoCatalogException(source, List.of(new FieldError(where, e.getOriginalMessage())));
    }
    Map<String, VersionBehavior> versions = new LinkedHashMap<>();
    VersionBehavior fallback = VersionBehavior.WELL_BEHAVED;
    if (root != null && !root.isMissingNode() && !root.isNull()) {
      if (!root.isObject()) {
        error("(root)", "must be a mapping with 'default' and 'versions'");
      } else {
        checkFields(root, "(root)", ROOT_FIELDS);
        if (root.has("default")) {
          fallback = entry(root.get("default"), "default", fallback);
        }
        readVersions(root.get("versions"), fallback, versions);
      }
    }
    if (!errors.isEmpty()) {
      throw new DemoCatalogException(source, errors);
    }
    return new Result(fallback, versions);
  }

  /** One entry on its own (a runtime override), fields it leaves out taken from {@code base}. */
  VersionBehavior readEntry(String json, String version, VersionBehavior base) {
    String source = "override of " + version;
    JsonNode node;
    try {
      node = new YAMLMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new DemoCatalogException(source, List.of(new FieldError("(body)", e.getOriginalMessage())));
    }
    VersionBehavior behavior = entry(node, "versions[" + version + "]", base);
    if (!errors.isEmpty()) {
      throw new DemoCatalogException(source, errors);
    }
    return behavior;
  }

  private void readVersions(JsonNode node, VersionBehavior fallback, Map<String, VersionBehavior> out) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      error("versions", "must be a mapping from version (or glob such as '*-bad') to its behaviour");
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String version = field.getKey();
      if (version.isBlank()) {
        error("versions", "a version must not be blank");
        continue;
      }
      out.put(version, entry(field.getValue(), "versions[" + version + "]", fallback));
    }
  }

  private VersionBehavior entry(JsonNode node, String path, VersionBehavior base) {
    if (node == null || node.isNull()) {
      return base;
    }
    if (!node.isObject()) {
      error(path, "must be a mapping of " + String.join(", ", sorted(ENTRY_FIELDS)));
      return base;
    }
    checkFields(node, path, ENTRY_FIELDS);
    LatencyDistribution latency = node.has("latency") ? latency(node.get("latency"), path + ".latency", base.latency())
        : base.latency();
    double errorRate = node.has("errorRate") ? fraction(node.get("errorRate"), path + ".errorRate", base.errorRate())
        : base.errorRate();
    Duration startup = node.has("startup") ? duration(node.get("startup"), path + ".startup", base.startup())
        : base.startup();
    boolean healthy = base.healthy();
    if (node.has("healthy")) {
      if (node.get("healthy").isBoolean()) {
        healthy = node.get("healthy").booleanValue();
      } else {
        error(path + ".healthy", "must be true or false");
      }
    }
    Duration crashAfter = node.has("crashAfter") ? duration(node.get("crashAfter"), path + ".crashAfter", base.crashAfter())
        : base.crashAfter();
    return new VersionBehavior(latency, errorRate, startup, healthy, crashAfter);
  }

  private LatencyDistribution latency(JsonNode node, String path, LatencyDistribution base) {
    if (!node.isObject()) {
      error(path, "must be a mapping like {median: 20ms, p99: 80ms}");
      return base;
    }
    checkFields(node, path, LATENCY_FIELDS);
    Duration median = requiredDuration(node, "median", path);
    Duration p99 = requiredDuration(node, "p99", path);
    if (median == null || p99 == null) {
      return base;
    }
    if (p99.compareTo(median) < 0) {
      error(path + ".p99", "must be at least the median (" + DurationText.format(median) + ")");
      return base;
    }
    LatencyDistribution.Tail tail = null;
    if (node.hasNonNull("tail")) {
      tail = tail(node.get("tail"), path + ".tail", median, p99);
    }
    return new LatencyDistribution(median, p99, tail);
  }

  private LatencyDistribution.Tail tail(JsonNode node, String path, Duration bodyMedian, Duration bodyP99) {
    if (!node.isObject()) {
      error(path, "must be a mapping like {probability: 0.05, median: 400ms}");
      return null;
    }
    checkFields(node, path, TAIL_FIELDS);
    if (!node.has("probability")) {
      error(path + ".probability", "is required");
      return null;
    }
    double probability = fraction(node.get("probability"), path + ".probability", -1);
    Duration median = requiredDuration(node, "median", path);
    if (probability < 0 || median == null) {
      return null;
    }
    Duration p99;
    if (node.has("p99")) {
      p99 = duration(node.get("p99"), path + ".p99", null);
      if (p99 == null) {
        return null;
      }
      if (p99.compareTo(median) < 0) {
        error(path + ".p99", "must be at least the tail median (" + DurationText.format(median) + ")");
        return null;
      }
    } else {
      // Same spread as the body unless told otherwise.
      double ratio = bodyMedian.isZero() ? 1 : (double) bodyP99.toNanos() / bodyMedian.toNanos();
      p99 = Duration.ofNanos(Math.round(median.toNanos() * ratio));
    }
    return new LatencyDistribution.Tail(probability, median, p99);
  }

  private Duration requiredDuration(JsonNode parent, String field, String path) {
    if (!parent.has(field)) {
      error(path + "." + field, "is required");
      return null;
    }
    return duration(parent.get(field), path + "." + field, null);
  }

  private Duration duration(JsonNode node, String path, Duration otherwise) {
    if (!node.isTextual()) {
      error(path, "must be a duration like 20ms, 2s or 5m, got " + node);
      return otherwise;
    }
    try {
      return DurationText.parse(node.textValue());
    } catch (IllegalArgumentException e) {
      error(path, e.getMessage());
      return otherwise;
    }
  }

  private double fraction(JsonNode node, String path, double otherwise) {
    if (!node.isNumber() || node.doubleValue() < 0 || node.doubleValue() > 1) {
      error(path, "must be a number between 0 and 1, got " + node);
      return otherwise;
    }
    return node.doubleValue();
  }

  private void checkFields(JsonNode node, String path, Set<String> allowed) {
    node.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        error(path + "." + name, "unknown field; expected one of " + String.join(", ", sorted(allowed)));
      }
    });
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  private void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }
}
