package io.flotilla.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed, validating access to the fields of one object of a spec document. Every problem is recorded as a
 * {@link FieldError} at the field's path; the getters then return {@code null}, so callers can skip checks that
 * depend on the invalid value. An absent field and an explicit {@code null} both mean "use the default".
 */
final class ObjectFields {
  private static final String DURATION_EXPECTED = "must be a duration like 30s, 5m or 24h";
  private static final int MAX_QUOTED = 64;

  private final JsonNode node;
  private final String path;
  private final ErrorCollector errors;
  private final boolean wrongType;

  private ObjectFields(JsonNode node, String path, ErrorCollector errors, boolean wrongType) {
    this.node = node;
    this.path = path;
    this.errors = errors;
    this.wrongType = wrongType;
  }

  /**
   * The fields of {@code node}, found at {@code path} ({@code ""} for the document root). Records an error for
   * every field not in {@code known}; an absent or invalid object reads as an empty one, so its fields get defaults.
   */
  static ObjectFields of(JsonNode node, String path, ErrorCollector errors, List<String> known) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new ObjectFields(MissingNode.getInstance(), path, errors, false);
    }
    if (!node.isObject()) {
      return wrongType(path, errors);
    }
    ObjectFields fields = new ObjectFields(node, path, errors, false);
    node.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) {
        errors.add(fields.path(name), FieldNames.unknownFieldMessage(name, known));
      }
    });
    return fields;
  }

  /** The nested object in {@code field}. */
  ObjectFields object(String field, List<String> known) {
    return of(value(field), path(field), errors, known);
  }

  /** The object at position {@code index} of the list in {@code field}; unlike a field, an item cannot be null. */
  ObjectFields item(String field, int index, JsonNode item, List<String> known) {
    return item.isNull() ? wrongType(itemPath(field, index), errors) : of(item, itemPath(field, index), errors, known);
  }

  // Reads as an empty object whose required fields are not reported missing: one error says it all.
  private static ObjectFields wrongType(String path, ErrorCollector errors) {
    errors.add(path.isEmpty() ? "$" : path, "must be an object");
    return new ObjectFields(MissingNode.getInstance(), path, errors, true);
  }

  ErrorCollector errors() {
    return errors;
  }

  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  String itemPath(String field, int index) {
    return path(field) + "[" + index + "]";
  }

  boolean has(String field) {
    return value(field) != null;
  }

  /** The field's value, or {@code null} when it is absent or explicitly null. */
  JsonNode value(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  void error(String field, String message) {
    errors.add(path(field), message);
  }

  /** An error about this object as a whole. */
  void error(String message) {
    errors.add(path.isEmpty() ? "$" : path, message);
  }

  /** Records "is required" when the field is absent; returns whether it is present. */
  boolean require(String field) {
    if (has(field)) {
      return true;
    }
    if (!wrongType) {
      error(field, "is required");
    }
    return false;
  }

  /** Records "not allowed ..." when the field is present. */
  void forbid(String field, String why) {
    if (has(field)) {
      error(field, "not allowed " + why);
    }
  }

  String string(String field, String fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      error(field, "must be a string");
      return null;
    }
    return value.textValue();
  }

  String matching(String field, Pattern pattern, String fallback) {
    String text = string(field, fallback);
    if (text != null && has(field) && !pattern.matcher(text).matches()) {
      error(field, "must match " + pattern.pattern());
      return null;
    }
    return text;
  }

  String nonBlank(String field, String fallback) {
    String text = string(field, fallback);
    if (text != null && text.isBlank()) {
      error(field, "must not be blank");
      return null;
    }
    return text;
  }

  Integer integer(String field, int min, int max, Integer fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber()) {
      error(field, "must be an integer");
      return null;
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      error(field, "must be between " + min + " and " + max);
      return null;
    }
    return value.intValue();
  }

  /** A number in {@code (lowExclusive, highInclusive]}; {@code null} when absent or invalid. */
  Double number(String field, double lowExclusive, double highInclusive) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      error(field, "must be a number");
      return null;
    }
    double number = value.doubleValue();
    if (!(number > lowExclusive && number <= highInclusive)) {
      error(field, "must be greater than " + plain(lowExclusive) + " and at most " + plain(highInclusive));
      return null;
    }
    return number;
  }

  Boolean bool(String field, boolean fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      error(field, "must be true or false");
      return null;
    }
    return value.booleanValue();
  }

  Duration duration(String field, Duration min, Duration max, Duration fallback) {
    JsonNode value = value(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      error(field, DURATION_EXPECTED);
      return null;
    }
    Duration duration;
    try {
      duration = DurationText.parse(value.textValue());
    } catch (IllegalArgumentException e) {
      error(field, e.getMessage());
      return null;
    }
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      error(field, min.isZero()
          ? "must be at most " + DurationText.format(max)
          : "must be between " + DurationText.format(min) + " and " + DurationText.format(max));
      return null;
    }
    return duration;
  }

  /** The elements of a list; {@code null} when absent or not a list. */
  List<JsonNode> list(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      error(field, "must be a list");
      return null;
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.elements().forEachRemaining(items::add);
    return items;
  }

  /** User text for a message, shortened so that hostile input cannot blow up an error response. */
  static String quote(String text) {
    return "'" + (text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...") + "'";
  }

  private static String plain(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }
}
