package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Request bodies for {@link FuzzTest}, valid ones and their mutations. A body is only ever sent where even its valid
 * form changes nothing (see {@link FuzzRequests}), so any mutation may be sent.
 */
final class FuzzBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The name in every spec the fuzzer sends: no path it sends to names it, so even a valid spec is a 400. */
  static final String SPEC_NAME = "mismatched-spec-name";

  static final String SPEC_JSON = """
      {"name": "%s", "team": "payments", "account": "local", "region": "local",
       "endpoint": {"host": "fuzz.internal.example.com", "port": 80}, "image": "demo/checkout",
       "runtime": {"instanceType": "t3.small", "minInstances": 1, "maxInstances": 2, "port": 8080,
                   "args": ["--verbose"], "env": {"MODE": "fuzz"},
                   "healthCheck": {"path": "/health", "intervalSeconds": 10, "healthyThreshold": 2}},
       "rollout": {"steps": [{"weight": 5, "hold": "5m"}, {"weight": 50, "hold": "10m"}, {"weight": 100}],
                   "preview": false, "environmentTimeout": "20m"},
       "analysis": {"interval": "1m", "warmup": "30s", "minRequests": 100,
                    "metrics": [{"name": "errors", "type": "error-rate", "maxIncrease": 0.01, "critical": true},
                                {"name": "p99", "type": "latency", "percentile": 99, "maxRatio": 1.25}],
                    "alarms": [], "onInconclusive": "hold"},
       "retention": {"keepPreviousFor": "24h", "maxLiveVersions": 2}}
      """.formatted(SPEC_NAME);
  static final String RELEASE = "{\"version\": \"1.0.0\"}";
  /** Invalid however up to three of its characters are changed: it has nine spaces. */
  static final String BAD_RELEASE = "{\"version\": \"b a d v e r s i o n\"}";
  static final String REASON = "{\"reason\": \"fuzzing\"}";
  static final String ACCOUNT = "{\"id\": \"local\", \"alias\": \"local\", \"regions\": [\"local\"]}";
  /** No item names a valid service, so no bulk is ever created. */
  static final String BULK = "{\"items\": [{\"service\": \"BAD SERVICE ONE\", \"version\": \"1.0.0\"}, "
      + "{\"service\": \"BAD SERVICE TWO\", \"version\": \"2.0.0\"}], \"maxConcurrent\": 2, \"failureBudget\": 1}";
  /** Invalid twice over, so dropping one field leaves it invalid. */
  static final String SWEEP = "{\"dryRun\": \"yes\", \"unknownFuzzField\": 1}";

  /** Strings with something odd in each: none is a valid name, version, id or region. */
  static final List<String> ODD_TEXT = List.of("\ud800", "x\udc00y", "nul\u0000byte", "bell\u0007", "rtl\u202eoverride",
      "\ufeffbom", "emoji \ud83d\ude80", "e\u0301\u0301\u0301", "\uffff\ufffe", "zero\u200bwidth", "tab\tand\nnewline",
      "\u0661\u0662\u0663", "ｆｕｌｌｗｉｄｔｈ", "\u00e9t\u00e9", "del\u007f", "a".repeat(5000) + "\u00e9",
      "../../etc/passwd\u00e9", "%00\u00e9", "\u2028line\u2029sep");

  /** Byte sequences that are not UTF-8: overlong, surrogate (CESU), out of range, lone continuation, truncated. */
  static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xc0, (byte) 0xaf},
      new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80,
          (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xff, (byte) 0xfe},
      new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xc3, (byte) 0x28}, new byte[] {(byte) 0xf4,
          (byte) 0x90, (byte) 0x80, (byte) 0x80});

  private FuzzBodies() {}

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every container node of {@code tree} with the field names or indexes inside it. */
  static List<JsonNode> containers(JsonNode tree) {
    List<JsonNode> found = new ArrayList<>();
    collect(tree, found);
    return found;
  }

  private static void collect(JsonNode node, List<JsonNode> found) {
    if ((node.isObject() || node.isArray()) && !node.isEmpty()) {
      found.add(node);
    }
    node.forEach(child -> collect(child, found));
  }

  /** A value of another JSON type than {@code original}. */
  static JsonNode otherType(JsonNode original, Random random) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    List<JsonNode> candidates = new ArrayList<>(List.of(nodes.numberNode(random.nextInt(2000) - 1000),
        nodes.numberNode(new BigDecimal("1e400")), nodes.numberNode(-0.0),
        nodes.numberNode(new BigInteger("9".repeat(60))),
        nodes.booleanNode(random.nextBoolean()), nodes.arrayNode().add("x"), nodes.objectNode().put("x", 1),
        nodes.textNode(ODD_TEXT.get(random.nextInt(ODD_TEXT.size()))), nodes.textNode("")));
    if (!original.isNull()) {
      candidates.add(nodes.nullNode());
    }
    candidates.removeIf(candidate -> candidate.getNodeType() == original.getNodeType());
    return candidates.get(random.nextInt(candidates.size()));
  }

  /** Replaces one value somewhere in {@code tree} (a copy) using {@code replace}. */
  static JsonNode replaceOne(JsonNode tree, Random random, BiFunction<JsonNode, Random, JsonNode> replace) {
    JsonNode copy = tree.deepCopy();
    List<JsonNode> containers = containers(copy);
    JsonNode container = containers.get(random.nextInt(containers.size()));
    if (container instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
      Map.Entry<String, JsonNode> field = fields.get(random.nextInt(fields.size()));
      object.set(field.getKey(), replace.apply(field.getValue(), random));
    } else {
      ArrayNode array = (ArrayNode) container;
      int index = random.nextInt(array.size());
      array.set(index, replace.apply(array.get(index), random));
    }
    return copy;
  }

  /** Removes one field or list item somewhere in {@code tree} (a copy). */
  static JsonNode dropOne(JsonNode tree, Random random) {
    JsonNode copy = tree.deepCopy();
    List<JsonNode> containers = containers(copy);
    JsonNode container = containers.get(random.nextInt(containers.size()));
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      object.remove(names.get(random.nextInt(names.size())));
    } else {
      ((ArrayNode) container).remove(random.nextInt(container.size()));
    }
    return copy;
  }

  /** Renames one field somewhere in {@code tree} (a copy) to a name no reader knows. */
  static JsonNode renameOne(JsonNode tree, Random random) {
    JsonNode copy = tree.deepCopy();
    List<JsonNode> objects = containers(copy).stream().filter(JsonNode::isObject).toList();
    ObjectNode object = (ObjectNode) objects.get(random.nextInt(objects.size()));
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    String name = names.get(random.nextInt(names.size()));
    object.set(List.of(name + "_", name.toUpperCase(), "x" + name, "__proto__", "$" + name).get(random.nextInt(5)),
        object.remove(name));
    return copy;
  }

  /** The JSON text of an object with its first field written twice. */
  static String duplicateFirstField(String json) {
    JsonNode tree = tree(json);
    Map.Entry<String, JsonNode> first = tree.properties().iterator().next();
    return "{\"" + first.getKey() + "\": " + text(first.getValue()) + ", " + json.trim().substring(1);
  }

  /** {@code depth} nested lists or objects, closed or not, in a field or as the whole document. */
  static String deeplyNested(int depth, Random random) {
    boolean objects = random.nextBoolean();
    StringBuilder out = new StringBuilder(depth * 8);
    String inField = random.nextBoolean() ? "{\"version\": " : "";
    out.append(inField);
    out.append((objects ? "{\"a\":" : "[").repeat(depth));
    if (random.nextInt(4) > 0) {
      out.append(objects ? "1" : "").append((objects ? "}" : "]").repeat(depth)).append(inField.isEmpty() ? "" : "}");
    }
    return out.toString();
  }
}
