package io.flotilla.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Reads service specs from YAML or JSON text and writes them back. Reading checks the text ({@link SpecDocuments})
 * and then the spec ({@link SpecReader}); every failure is a {@link SpecValidationException}. Writing produces the
 * form a user would write: a preset by name rather than its expanded steps, durations as {@code 30s}/{@code 5m}, no
 * zero holds. Reading what was written gives an equal spec.
 */
public final class SpecCodec {
  private SpecCodec() {}

  public static ServiceSpec readYaml(String text) {
    return read(text, true);
  }

  public static ServiceSpec readJson(String text) {
    return read(text, false);
  }

  public static ServiceSpec read(String text, boolean yaml) {
    return SpecReader.read(SpecDocuments.parse(text, yaml));
  }

  public static String toYaml(ServiceSpec spec) {
    return write(() -> Yaml.mapper().writeValueAsString(toTree(spec)));
  }

  public static String toJson(ServiceSpec spec) {
    return write(() -> Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toTree(spec)));
  }

  /** The spec as a document tree, in the form {@link SpecReader} reads. */
  public static JsonNode toTree(ServiceSpec spec) {
    ObjectNode tree = Json.mapper().valueToTree(spec);
    ObjectNode rollout = (ObjectNode) tree.get("rollout");
    if (spec.rollout().preset() != null) {
      // The reader accepts a preset or steps, not both; the preset's name is what the user wrote.
      rollout.remove("steps");
    } else {
      rollout.get("steps").forEach(step -> {
        if ("0s".equals(step.path("hold").asText())) {
          ((ObjectNode) step).remove("hold");
        }
      });
    }
    return tree;
  }

  private static String write(Writer writer) {
    try {
      return writer.write();
    } catch (JsonProcessingException e) {
      // Specs are plain records and strings; failing to write one is a bug, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  private interface Writer {
    String write() throws JsonProcessingException;
  }
}
