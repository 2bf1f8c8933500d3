package io.flotilla.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flotilla.model.Json;
import java.io.UncheckedIOException;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests Pekko HTTP cannot parse (a malformed request line or header, a URI or headers over the parser's
 * limits) in the API's JSON error shape instead of plain text. A method Pekko does not know is a 501 there; the API
 * answers 405 with the methods it uses, since no resource allows it. Pekko creates this class by name from
 * {@code pekko.http.server.parsing.error-handler} (see {@link FlotillaApi#serverSettings}).
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {
  private static final int MAX_MESSAGE = 200;

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("unparsable request: {}: {}", status, info.formatPretty());
    boolean notImplemented = status.intValue() == StatusCodes.NOT_IMPLEMENTED.intValue();
    if (notImplemented && info.summary().toLowerCase(java.util.Locale.ROOT).contains("method")) {
      return response(StatusCodes.METHOD_NOT_ALLOWED, ApiError.of(ApiError.METHOD_NOT_ALLOWED,
          shorten(info.summary()) + "; the API uses GET, HEAD, PUT, POST and DELETE"))
          .addHeader(Allow.create(HttpMethods.GET, HttpMethods.HEAD, HttpMethods.PUT, HttpMethods.POST,
              HttpMethods.DELETE));
    }
    if (notImplemented || status.intValue() == 505) {
      // the client's fault, whatever HTTP's numbering says (an HTTP version or transfer coding the API does not speak)
      return response(StatusCodes.BAD_REQUEST, ApiError.of(ApiError.INVALID_REQUEST,
          shorten(info.summary()) + (notImplemented ? "" : "; use HTTP/1.1")));
    }
    String code = switch (status.intValue()) {
      case 413 -> ApiError.PAYLOAD_TOO_LARGE;
      case 414 -> "uri_too_long";
      case 431 -> "request_header_fields_too_large";
      default -> ApiError.INVALID_REQUEST;
    };
    String detail = info.detail().isEmpty() ? "" : ": " + info.detail();
    return response(status, ApiError.of(code, shorten(info.summary() + detail)));
  }

  private static HttpResponse response(org.apache.pekko.http.javadsl.model.StatusCode status, ApiError error) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.mapper().writeValueAsBytes(error)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shorten(String text) {
    String line = text.lines().findFirst().orElse("malformed request");
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
  }
}
