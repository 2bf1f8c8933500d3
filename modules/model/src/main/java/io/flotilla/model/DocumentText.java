package io.flotilla.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks every string of a parsed document, field names included: no unpaired UTF-16 surrogates (JSON's
 * {@code "\ud800"} escape makes one; no encoder can write it, so it would fail later, far from the request) and no
 * control characters but tab, line feed and carriage return (a NUL in an environment value cannot reach a process),
 * nothing longer than {@link DocumentLimits#MAX_STRING_LENGTH}.
 * Problems are {@link FieldError}s at the string's path, e.g. {@code runtime.env.A}.
 */
public final class DocumentText {
  private static final int MAX_ERRORS = 20;

  private DocumentText() {}

  /** The problems of {@code document}, at most {@value #MAX_ERRORS}; empty when every string is clean. */
  public static List<FieldError> problems(JsonNode document) {
    List<FieldError> errors = new ArrayList<>();
    if (document != null) {
      visit(document, "", errors);
    }
    return errors;
  }

  private static void visit(JsonNode node, String path, List<FieldError> errors) {
    if (errors.size() >= MAX_ERRORS) {
      return;
    }
    if (node.isTextual()) {
      check(node.textValue(), path, "", errors);
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String fieldPath = path.isEmpty() ? printable(field.getKey()) : path + "." + printable(field.getKey());
        check(field.getKey(), fieldPath, "the field name ", errors);
        visit(field.getValue(), fieldPath, errors);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        visit(node.get(i), (path.isEmpty() ? "$" : path) + "[" + i + "]", errors);
      }
    }
  }

  private static void check(String text, String path, String what, List<FieldError> errors) {
    String problem = problem(text);
    if (problem != null && errors.size() < MAX_ERRORS) {
      errors.add(new FieldError(path.isEmpty() ? "$" : path, what + problem));
    }
  }

  /** What is wrong with {@code text}, or {@code null}. */
  static String problem(String text) {
    if (text.length() > DocumentLimits.MAX_STRING_LENGTH) {
      // the JSON parser stops at this limit already; the YAML parser does not
      return "is longer than " + DocumentLimits.MAX_STRING_LENGTH + " characters";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired surrogate (" + codePoint(c) + ") at character " + i + "; text must be valid "
            + "Unicode";
      } else if (isControl(c)) {
        return "contains the control character " + codePoint(c) + " at character " + i;
      }
    }
    return null;
  }

  /** {@code text} with surrogates and control characters shown as {@code \}{@code uXXXX}, for paths and messages. */
  public static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      boolean bad = !pair && (Character.isSurrogate(c) || isControl(c));
      if (bad && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (bad) {
          out.append(String.format("\\u%04X", (int) c));
        } else {
          out.append(c);
          if (pair) {
            out.append(text.charAt(i + 1));
          }
        }
      }
      if (pair) {
        i++;
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean isControl(char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }
}
