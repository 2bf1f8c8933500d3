package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.model.DocumentLimits;
import io.flotilla.model.DocumentText;
import io.flotilla.model.FieldError;
import io.flotilla.model.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharset;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.util.ByteString;

/**
 * Reads request bodies: spec documents as JSON or YAML by {@code Content-Type}, and the small JSON objects of the
 * release and action calls. Bodies in other media types, in a charset other than UTF-8, or with a
 * {@code Content-Encoding} are rejected (415); bytes that are not UTF-8 and text with unpaired surrogates or control
 * characters are a 400. The size limits are applied around the routes (see {@link FlotillaApi}).
 */
final class RequestBodies {
  private static final MediaType YAML = MediaTypes.applicationWithOpenCharset("yaml");
  private static final MediaType X_YAML = MediaTypes.applicationWithOpenCharset("x-yaml");
  private static final MediaType TEXT_YAML = MediaTypes.text("yaml");
  private static final List<MediaType> SPEC_TYPES = List.of(MediaTypes.APPLICATION_JSON, YAML, X_YAML, TEXT_YAML);
  private static final List<MediaType> JSON_TYPES = List.of(MediaTypes.APPLICATION_JSON);
  private static final int MAX_MESSAGE = 200;
  private static final Set<String> UTF_8 = Set.of("utf-8", "utf8", "us-ascii");

  private RequestBodies() {}

  /** The body as spec text; {@code inner} gets whether it is YAML, and the text. */
  static Route specText(BiFunction<Boolean, String, Route> inner) {
    return extractRequestEntity(requestEntity -> {
      String type = mediaType(requestEntity.getContentType());
      boolean json = type.equals("application/json");
      boolean yaml = type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml");
      if (!json && !yaml) {
        return unsupported(SPEC_TYPES, requestEntity);
      }
      return text(requestEntity, body -> inner.apply(yaml, body));
    });
  }

  /** An optional JSON body: {@code inner} gets the empty string when there is none. */
  static Route optionalJsonText(Function<String, Route> inner) {
    return extractRequestEntity(requestEntity -> {
      if (requestEntity.isKnownEmpty()) {
        return inner.apply("");
      }
      if (!mediaType(requestEntity.getContentType()).equals("application/json")) {
        return unsupported(JSON_TYPES, requestEntity);
      }
      return text(requestEntity, inner);
    });
  }

  /**
   * Parses {@code text} as a JSON object with only {@code allowed} fields (empty text is an empty object). Throws
   * {@link ApiException} (400) naming the line and column of a syntax error, or each unknown field.
   */
  static ObjectNode jsonObject(String text, Set<String> allowed) {
    if (text.isBlank()) {
      return Json.mapper().createObjectNode();
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(text);
    } catch (StreamConstraintsException e) {
      throw ApiException.invalid("$", DocumentLimits.describe(e));
    } catch (JsonProcessingException e) {
      throw ApiException.invalid("$", syntaxError(e));
    }
    if (!(tree instanceof ObjectNode object)) {
      throw ApiException.invalid("$", "must be a JSON object");
    }
    List<FieldError> badText = DocumentText.problems(object);
    if (!badText.isEmpty()) {
      throw ApiException.invalid(badText);
    }
    List<FieldError> unknown = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!allowed.contains(field.getKey())) {
        unknown.add(new FieldError(DocumentText.printable(field.getKey()), "unknown field; allowed: "
            + (allowed.isEmpty() ? "none (send no body)" : String.join(", ", allowed))));
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(unknown);
    }
    return object;
  }

  /** The text of an optional string field; a present non-string value is a 400 naming the field. */
  static Optional<String> stringField(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ApiException.invalid(field, "must be a string");
    }
    return Optional.of(value.textValue());
  }

  private static Route text(RequestEntity requestEntity, Function<String, Route> inner) {
    Optional<String> charset = requestEntity.getContentType().getCharsetOption().map(HttpCharset::value);
    if (charset.isPresent() && !UTF_8.contains(charset.get().toLowerCase(Locale.ROOT))) {
      return unsupported("charset " + shorten(charset.get()) + " is not supported; send UTF-8");
    }
    return extractRequest(request -> {
      Optional<String> encoding = request.getHeader("Content-Encoding").map(HttpHeader::value)
          .filter(value -> !value.isBlank() && !value.trim().equalsIgnoreCase("identity"));
      if (encoding.isPresent()) {
        return unsupported("Content-Encoding " + shorten(encoding.get()) + " is not supported; send the body "
            + "uncompressed");
      }
      return entity(Unmarshaller.entityToByteString(), bytes -> inner.apply(utf8(bytes)));
    });
  }

  /** The bytes as text; bytes that are not UTF-8 are a 400 naming where, rather than silently replaced. */
  static String utf8(ByteString bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = bytes.asByteBuffer();
    try {
      return decoder.decode(buffer).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("$", "the body is not valid UTF-8 (at byte " + buffer.position() + ")");
    }
  }

  private static Route unsupported(String message) {
    throw new ApiException(StatusCodes.UNSUPPORTED_MEDIA_TYPE, ApiError.of(ApiError.UNSUPPORTED_MEDIA_TYPE, message));
  }

  private static String shorten(String text) {
    String printable = DocumentText.printable(text);
    return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
  }

  private static Route unsupported(List<MediaType> supported, RequestEntity requestEntity) {
    ContentType actual = requestEntity.getContentType();
    return reject(Rejections.unsupportedRequestContentType(supported, Optional.of(actual)));
  }

  private static String mediaType(ContentType contentType) {
    return contentType.mediaType().mainType().toLowerCase() + "/" + contentType.mediaType().subType().toLowerCase();
  }

  private static String syntaxError(JsonProcessingException e) {
    String message = e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    if (message.startsWith("Trailing token")) {
      message = "unexpected content after the end of the document";
    }
    JsonLocation location = e.getLocation();
    return location == null ? message
        : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + message;
  }
}
