package io.flotilla.aws.fake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Form-encoded query-protocol parameters, with the flattened-list conventions of both dialects ({@code X.member.N}, {@code X.N}). */
final class Params {
  private final Map<String, String> values;

  Params(Map<String, String> values) {
    this.values = values;
  }

  static Params parseForm(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return new Params(out);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  String require(String name) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      throw FakeAwsError.validation("ValidationError", "The parameter " + name + " is required.");
    }
    return value;
  }

  int intOr(String name, int fallback) {
    return get(name).map(Integer::parseInt).orElse(fallback);
  }

  boolean bool(String name) {
    return get(name).map(Boolean::parseBoolean).orElse(false);
  }

  /** The parameters under {@code prefix.}, with the prefix removed. */
  Params sub(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    String dotted = prefix + ".";
    values.forEach((key, value) -> {
      if (key.startsWith(dotted)) {
        out.put(key.substring(dotted.length()), value);
      }
    });
    return new Params(out);
  }

  /** The structures {@code prefix.1.*}, {@code prefix.2.*}, ... in order. */
  List<Params> list(String prefix) {
    List<Params> out = new ArrayList<>();
    for (int i = 1; ; i++) {
      Params item = sub(prefix + "." + i);
      if (item.values.isEmpty()) {
        return out;
      }
      out.add(item);
    }
  }

  /** The scalars {@code prefix.1}, {@code prefix.2}, ... in order. */
  List<String> strings(String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 1; values.containsKey(prefix + "." + i); i++) {
      out.add(values.get(prefix + "." + i));
    }
    return out;
  }

  /** Key/value tags at {@code prefix.N.Key}/{@code prefix.N.Value}. */
  Map<String, String> tags(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Params tag : list(prefix)) {
      out.put(tag.require("Key"), tag.get("Value").orElse(""));
    }
    return out;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
