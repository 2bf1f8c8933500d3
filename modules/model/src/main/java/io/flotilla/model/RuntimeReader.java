package io.flotilla.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and checks the {@code runtime} section of a spec: instances, port, arguments, environment, health check. */
final class RuntimeReader {
  static final List<String> FIELDS =
      List.of("instanceType", "minInstances", "maxInstances", "port", "args", "env", "healthCheck");
  private static final List<String> HEALTH_CHECK_FIELDS = List.of("path", "intervalSeconds", "healthyThreshold");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_INSTANCES = 100;

  private RuntimeReader() {}

  /** The runtime, or {@code null} when any of its fields is invalid (the errors are recorded). */
  static RuntimeSpec read(ObjectFields fields) {
    int mark = fields.errors().mark();
    String instanceType = fields.nonBlank("instanceType", SpecDefaults.INSTANCE_TYPE);
    Integer min = fields.integer("minInstances", 1, MAX_INSTANCES, SpecDefaults.MIN_INSTANCES);
    Integer max = fields.integer("maxInstances", 1, MAX_INSTANCES,
        min == null ? null : SpecDefaults.maxInstances(min));
    if (min != null && max != null && max < min) {
      fields.error("maxInstances", "must be >= " + fields.path("minInstances") + " (" + min + ")");
    }
    Integer port = fields.integer("port", 1, 65535, SpecDefaults.RUNTIME_PORT);
    List<String> args = args(fields);
    Map<String, String> env = env(fields);
    HealthCheck healthCheck = healthCheck(fields.object("healthCheck", HEALTH_CHECK_FIELDS));
    if (fields.errors().addedSince(mark)) {
      return null;
    }
    return new RuntimeSpec(instanceType, min, max, port, args, env, healthCheck);
  }

  private static List<String> args(ObjectFields fields) {
    if (!fields.has("args")) {
      return List.of();
    }
    List<JsonNode> items = fields.list("args");
    if (items == null) {
      return null;
    }
    List<String> args = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).isTextual()) {
        args.add(items.get(i).textValue());
      } else {
        fields.errors().add(fields.itemPath("args", i), "must be a string");
      }
    }
    return args;
  }

  private static Map<String, String> env(ObjectFields fields) {
    JsonNode env = fields.value("env");
    if (env == null) {
      return Map.of();
    }
    if (!env.isObject()) {
      fields.error("env", "must be an object of NAME: value");
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    env.fields().forEachRemaining(entry -> {
      String path = fields.path("env") + "." + entry.getKey();
      if (!ENV_NAME.matcher(entry.getKey()).matches()) {
        fields.errors().add(path, "name must match " + ENV_NAME.pattern());
      } else if (!entry.getValue().isTextual()) {
        // YAML reads 8080, true or yes as non-strings; quoting is the fix.
        fields.errors().add(path, "must be a string (quote it, e.g. \"8080\")");
      } else {
        values.put(entry.getKey(), entry.getValue().textValue());
      }
    });
    return values;
  }

  private static HealthCheck healthCheck(ObjectFields fields) {
    int mark = fields.errors().mark();
    HealthCheck defaults = SpecDefaults.HEALTH_CHECK;
    String path = fields.string("path", defaults.path());
    if (path != null && !path.startsWith("/")) {
      fields.error("path", "must start with /");
    }
    Integer interval = fields.integer("intervalSeconds", 1, 300, defaults.intervalSeconds());
    Integer threshold = fields.integer("healthyThreshold", 1, 10, defaults.healthyThreshold());
    if (fields.errors().addedSince(mark)) {
      return null;
    }
    return new HealthCheck(path, interval, threshold);
  }
}
