package io.flotilla.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Paths of the API (DESIGN §9), with path segments and query values encoded. */
final class ApiPaths {
  private ApiPaths() {}

  static String service(String name) {
    return ApiClient.API + "/services/" + segment(name);
  }

  static String serviceAction(String name, String action) {
    return service(name) + "/" + action;
  }

  /** {@code path} with the non-null parameters as its query, in the given order. */
  static String withQuery(String path, Map<String, ?> parameters) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    parameters.forEach((name, value) -> {
      if (value != null) {
        query.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
      }
    });
    return path + query;
  }

  /** A mutable, ordered parameter map that accepts nulls (left out of the query). */
  static Map<String, Object> parameters() {
    return new LinkedHashMap<>();
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters. */
  static String segment(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
