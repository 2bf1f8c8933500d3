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
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses spec text into a document tree, guarding against hostile input: at most {@link DocumentLimits#MAX_CHARS}
 * characters, {@link DocumentLimits#MAX_NESTING_DEPTH} levels, one document, no duplicate keys, and no YAML aliases
 * (Jackson would read {@code *name} as the string {@code name}, which is never what the author meant). Failures
 * are a {@link SpecValidationException} with one error for field {@code $} naming the line and column.
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
    try {
      return yaml ? readYaml(text) : Json.mapper().readTree(text);
    } catch (StreamConstraintsException e) {
      throw invalid(e.getOriginalMessage().startsWith("Document nesting depth")
          ? "objects and lists nest deeper than " + DocumentLimits.MAX_NESTING_DEPTH + " levels"
          : shorten(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw syntaxError(e, yaml);
    } catch (IOException e) {
      // Reading from a String does no I/O; Jackson declares it anyway.
      throw invalid(shorten(String.valueOf(e.getMessage())));
    }
  }

  private static JsonNode readYaml(String text) throws IOException {
    ObjectMapper mapper = Yaml.mapper();
    try (JsonParser parser = new AliasRejectingParser(mapper.createParser(text))) {
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

  /** Every token passes through {@code nextToken} or {@code nextValue}, so checking there sees every alias. */
  private static final class AliasRejectingParser extends JsonParserDelegate {
    AliasRejectingParser(JsonParser yaml) {
      super(yaml);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      return rejectAlias(super.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
      return rejectAlias(super.nextValue());
    }

    private JsonToken rejectAlias(JsonToken token) throws IOException {
      if (((YAMLParser) delegate).isCurrentAlias()) {
        throw new JsonParseException(this, "YAML aliases (*" + shorten(getText())
            + ") are not supported; repeat the value instead", currentTokenLocation());
      }
      return token;
    }
  }
}
