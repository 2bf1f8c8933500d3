package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builds spec documents for tests: a minimal valid spec with a YAML flow snippet merged into it. */
final class TestSpecs {
  static final String MINIMAL = "{name: checkout, image: demo/checkout}";

  private TestSpecs() {}

  /** The minimal spec with {@code snippet} merged in: objects merge field by field, anything else replaces. */
  static JsonNode withSnippet(String snippet) {
    ObjectNode base = (ObjectNode) tree(MINIMAL);
    merge(base, tree(snippet));
    return base;
  }

  static ServiceSpec read(String snippet) {
    return SpecReader.read(withSnippet(snippet));
  }

  static List<FieldError> errors(String snippet) {
    return assertThrows(SpecValidationException.class, () -> read(snippet)).errors();
  }

  static List<String> errorFields(String snippet) {
    return errors(snippet).stream().map(FieldError::field).toList();
  }

  static JsonNode tree(String yaml) {
    try {
      return Yaml.mapper().readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void merge(ObjectNode base, JsonNode patch) {
    patch.fields().forEachRemaining(entry -> {
      JsonNode existing = base.get(entry.getKey());
      if (existing instanceof ObjectNode object && entry.getValue().isObject()) {
        merge(object, entry.getValue());
      } else {
        base.set(entry.getKey(), entry.getValue());
      }
    });
  }
}
