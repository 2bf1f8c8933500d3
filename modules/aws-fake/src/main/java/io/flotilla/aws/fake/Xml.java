package io.flotilla.aws.fake;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** A small appending XML writer; element names are the wire names of the AWS models. */
final class Xml {
  private final StringBuilder out = new StringBuilder();

  Xml open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  Xml open(String name, String namespace) {
    out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
    return this;
  }

  Xml close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  Xml leaf(String name, Object value) {
    if (value != null) {
      out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
    }
    return this;
  }

  Xml time(String name, Instant value) {
    return leaf(name, value.truncatedTo(ChronoUnit.MILLIS).toString());
  }

  /** Tags as a list of {@code item} (EC2: key/value) or {@code member} (others: Key/Value). */
  Xml tags(String name, String itemName, boolean lowerCase, Map<String, String> tags) {
    open(name);
    tags.forEach((key, value) -> open(itemName).leaf(lowerCase ? "key" : "Key", key).leaf(lowerCase ? "value" : "Value", value).close(itemName));
    return close(name);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
