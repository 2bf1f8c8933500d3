package io.flotilla.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.bulk.BulkRequest;
import io.flotilla.engine.bulk.BulkSettings;
import io.flotilla.model.FieldError;
import io.flotilla.model.SpecReader;
import io.flotilla.model.Versions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/v1/releases}: {@code items} (required, 1 to {@code max-items} objects
 * {@code {"service", "version"}}), {@code maxConcurrent}, {@code failureBudget}, {@code allOrNothing}. Everything is
 * checked here, without asking the cluster: the shape, each item's service name and version, duplicates. Whether a
 * service exists is not (that would mean asking thousands of entities inside the request): the bulk learns it when
 * it asks the service's endpoint, or, all or nothing, in a check before anything starts.
 */
final class BulkRequestReader {
  private static final Set<String> FIELDS = Set.of("items", "maxConcurrent", "failureBudget", "allOrNothing");
  private static final Set<String> ITEM_FIELDS = Set.of("service", "version");

  private BulkRequestReader() {}

  /** The request, and each invalid item's errors by item index (in index order). */
  record Read(BulkRequest request, Map<Integer, List<FieldError>> invalid) {
    int accepted() {
      return request.size() - invalid.size();
    }
  }

  /**
   * Reads {@code text}. A request-level problem is a 400 ({@link ApiException}); so are invalid items when the
   * request is all or nothing, or when no item is valid. Otherwise invalid items are marked and the rest go ahead.
   */
  static Read read(String text, BulkSettings settings) {
    ObjectNode body = RequestBodies.jsonObject(text, FIELDS);
    List<FieldError> errors = new ArrayList<>();
    boolean allOrNothing = bool(body, "allOrNothing", errors);
    int maxConcurrent = number(body, "maxConcurrent", 1, settings.maxConcurrentLimit(),
        settings.defaultMaxConcurrent(), errors);
    int failureBudget = number(body, "failureBudget", 1, settings.maxItems(), settings.defaultFailureBudget(), errors);
    JsonNode items = body.get("items");
    if (items == null || items.isNull()) {
      errors.add(new FieldError("items", "is required"));
    } else if (!items.isArray()) {
      errors.add(new FieldError("items", "must be an array of {\"service\", \"version\"}"));
    } else if (items.isEmpty() || items.size() > settings.maxItems()) {
      errors.add(new FieldError("items", "must hold 1 to " + settings.maxItems() + " items (has " + items.size() + ")"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    List<BulkRequest.Item> read = new ArrayList<>(items.size());
    Map<Integer, List<FieldError>> invalid = new java.util.TreeMap<>();
    Map<String, Integer> firstIndexOf = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      List<FieldError> itemErrors = new ArrayList<>();
      BulkRequest.Item item = item(items.get(i), "items[" + i + "]", itemErrors);
      if (itemErrors.isEmpty()) {
        Integer first = firstIndexOf.putIfAbsent(item.service(), i);
        if (first != null) {
          itemErrors.add(new FieldError("items[" + i + "].service", "'" + item.service() + "' is also items["
              + first + "]: a service can be released once per bulk"));
        }
      }
      if (!itemErrors.isEmpty()) {
        invalid.put(i, itemErrors);
        String prefix = "items[" + i + "].";
        item = new BulkRequest.Item(item.service(), item.version(), String.join("; ", itemErrors.stream()
            .map(error -> (error.field().startsWith(prefix) ? error.field().substring(prefix.length()) : "item")
                + ": " + error.message())
            .toList()));
      }
      read.add(item);
    }
    if (!invalid.isEmpty() && (allOrNothing || invalid.size() == read.size())) {
      List<FieldError> all = new ArrayList<>();
      invalid.values().forEach(all::addAll);
      throw ApiException.invalid(all);
    }
    return new Read(BulkRequest.of(read, maxConcurrent, failureBudget, allOrNothing), invalid);
  }

  private static BulkRequest.Item item(JsonNode node, String path, List<FieldError> errors) {
    if (!(node instanceof ObjectNode object)) {
      errors.add(new FieldError(path, "must be an object {\"service\", \"version\"}"));
      return new BulkRequest.Item(null, null, null);
    }
    object.fieldNames().forEachRemaining(field -> {
      if (!ITEM_FIELDS.contains(field)) {
        errors.add(new FieldError(path + "." + field, "unknown field; allowed: service, version"));
      }
    });
    String service = text(object, "service", path, errors);
    if (service != null && !SpecReader.NAME.matcher(service).matches()) {
      errors.add(new FieldError(path + ".service", "must match " + SpecReader.NAME.pattern()));
    }
    String version = text(object, "version", path, errors);
    if (version != null) {
      Versions.check(version).ifPresent(error -> errors.add(new FieldError(path + ".version", error.message())));
    }
    // the values as sent, also when invalid: they are shown with the item, and tell requests apart
    return new BulkRequest.Item(raw(object, "service"), raw(object, "version"), null);
  }

  private static String raw(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : value.isTextual() ? value.textValue() : value.toString();
  }

  /** The field's text; a missing field or one that is not a string is an error (null returned). */
  private static String text(ObjectNode object, String field, String path, List<FieldError> errors) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      errors.add(new FieldError(path + "." + field, "is required"));
      return null;
    }
    if (!value.isTextual()) {
      errors.add(new FieldError(path + "." + field, "must be a string"));
      return null;
    }
    return value.textValue();
  }

  private static int number(ObjectNode body, String field, int min, int max, int fallback, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
      errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
      return fallback;
    }
    return value.intValue();
  }

  private static boolean bool(ObjectNode body, String field, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false"));
      return false;
    }
    return value.booleanValue();
  }
}
