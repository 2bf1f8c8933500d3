package io.flotilla.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses spec text into a document tree, guarding against hostile input: at most {@link DocumentLimits#MAX_CHARS}
 * characters, {@link DocumentLimits#MAX_NESTING_DEPTH} levels (and the other {@link DocumentLimits}), one
 * document, no duplicate keys, no YAML aliases (Jackson would read {@code *name} as the string {@code name}, which is
 * never what the author meant), no YAML tags but the standard ones ({@code !!str}, {@code !!int}, ...), and only
 * clean text ({@link DocumentText}). Syntax failures are a {@link SpecValidationException} with one error for field
 * {@code $} naming the line and column.
 */
public final class SpecDocuments {
  private static final int MAX_MESSAGE = 200;

  private SpecDocuments() {}

  /** The tree of {@code text}; {@code yaml} selects YAML, else JSON. */
  public static JsonNode parse(String text, boolean yaml) {
    if (text == null || text.isBlank()) {
      throw invalid("the document is empty");
    }
    if (text.length() > DocumentLimits.MAX_CHARS) {
      throw invalid("the document is larger than " + (DocumentLimits.MAX_CHARS >> 20) + " MiB");
    }
    JsonNode tree;
    try {
      tree = yaml ? readYaml(text) : Json.mapper().readTree(text);
    } catch (StreamConstraintsException e) {
      throw invalid(DocumentLimits.describe(e));
    } catch (JsonProcessingException e) {
      throw syntaxError(e, yaml);
    } catch (IOException e) {
      // Reading from a String does no I/O; Jackson declares it anyway.
      throw invalid(shorten(String.valueOf(e.getMessage())));
    }
    List<FieldError> badText = DocumentText.problems(tree);
    if (!badText.isEmpty()) {
      throw new SpecValidationException(badText);
    }
    return tree;
  }

  private static JsonNode readYaml(String text) throws IOException {
    ObjectMapper mapper = Yaml.mapper();
    try (JsonParser parser = new StrictYamlParser(mapper.createParser(text))) {
      return mapper.readTree(parser);
    }
  }

  private static SpecValidationException syntaxError(JsonProcessingException e, boolean yaml) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      Mark mark = marked.getProblemMark();
      return invalid(at(mark.getLine() + 1, mark.getColumn() + 1) + shorten(marked.getProblem()));
    }
    String message = e.getOriginalMessage();
    if (message.startsWith("Trailing token")) {
      message = yaml ? "only one document is allowed" : "unexpected content after the end of the document";
    }
    JsonLocation location = e.getLocation();
    return invalid(location == null ? shorten(message) : at(location.getLineNr(), location.getColumnNr())
        + shorten(message));
  }

  private static String at(int line, int column) {
    return "line " + line + ", column " + column + ": ";
  }

  private static String shorten(String message) {
    String firstLine = message.lines().findFirst().orElse("");
    return firstLine.length() <= MAX_MESSAGE ? firstLine : firstLine.substring(0, MAX_MESSAGE) + "...";
  }

  private static SpecValidationException invalid(String message) {
    return new SpecValidationException(List.of(new FieldError("$", message)));
  }

  /**
   * Every token passes through {@code nextToken} or {@code nextValue}, so checking there sees every alias and tag.
   * Jackson ignores tags it does not know; refusing them says so rather than reading the value as something else.
   */
  private static final class StrictYamlParser extends JsonParserDelegate {
    private static final String STANDARD_TAG = "tag:yaml.org,2002:";
    private static final Set<String> STANDARD_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq");

    StrictYamlParser(JsonParser yaml) {
      super(yaml);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      return check(super.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
      return check(super.nextValue());
    }

    private JsonToken check(JsonToken token) throws IOException {
      YAMLParser yaml = (YAMLParser) delegate;
      if (yaml.isCurrentAlias()) {
        throw new JsonParseException(this, "YAML aliases (*" + shorten(getText())
            + ") are not supported; repeat the value instead", currentTokenLocation());
      }
      String tag = yaml.getTypeId();
      if (tag != null && !isStandard(tag)) {
        String shown = tag.startsWith(STANDARD_TAG) ? "!!" + tag.substring(STANDARD_TAG.length()) : "!" + tag;
        throw new JsonParseException(this, "YAML tag " + shorten(DocumentText.printable(shown))
            + " is not supported; only the standard tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are",
            currentTokenLocation());
      }
      return token;
    }

    private static boolean isStandard(String tag) {
      return tag.startsWith(STANDARD_TAG) && STANDARD_TAGS.contains(tag.substring(STANDARD_TAG.length()));
    }
  }
}
