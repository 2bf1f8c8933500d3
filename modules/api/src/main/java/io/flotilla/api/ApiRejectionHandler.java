package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.MalformedHeaderRejection;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.RequestEntityExpectedRejection;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.javadsl.server.ValidationRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * Answers requests no route completed, in the API's JSON error shape: 404 for unknown paths, 405 (with
 * {@code Allow}) for a known path with the wrong method, 415 for bodies in an unsupported media type, 413 for bodies
 * over the limit, 400 for malformed parameters and bodies. Rejections not named here get Pekko's default status,
 * with the body rewritten to JSON.
 */
final class ApiRejectionHandler {
  private final ApiJson json;
  private final long maxBodySize;

  ApiRejectionHandler(ApiJson json, long maxBodySize) {
    this.json = json;
    this.maxBodySize = maxBodySize;
  }

  RejectionHandler handler() {
    return RejectionHandler.newBuilder()
        .handle(MalformedRequestContentRejection.class, this::malformedContent)
        .handle(UnsupportedRequestContentTypeRejection.class, this::unsupportedMediaType)
        .handle(RequestEntityExpectedRejection.class, rejection -> error(StatusCodes.BAD_REQUEST,
            ApiError.INVALID_REQUEST, "a request body is required"))
        .handle(MissingQueryParamRejection.class, rejection -> complete(json.response(StatusCodes.BAD_REQUEST,
            ApiException.invalid(rejection.parameterName(), "is required").error())))
        .handle(MalformedQueryParamRejection.class, rejection -> complete(json.response(StatusCodes.BAD_REQUEST,
            ApiException.invalid(rejection.parameterName(), rejection.errorMsg()).error())))
        .handle(MalformedHeaderRejection.class, rejection -> error(StatusCodes.BAD_REQUEST,
            ApiError.INVALID_REQUEST, "header " + rejection.headerName() + ": " + rejection.errorMsg()))
        .handle(ValidationRejection.class, rejection -> error(StatusCodes.BAD_REQUEST, ApiError.INVALID_REQUEST,
            rejection.message()))
        .handleAll(MethodRejection.class, this::methodNotAllowed)
        .handleNotFound(extractRequest(request -> error(StatusCodes.NOT_FOUND, ApiError.NOT_FOUND,
            "no such resource: " + request.method().value() + " " + request.getUri().path())))
        .build()
        .withFallback(RejectionHandler.defaultHandler().mapRejectionResponse(this::asJson));
  }

  private Route malformedContent(MalformedRequestContentRejection rejection) {
    if (rejection.getCause() instanceof EntityStreamSizeException tooLarge) {
      return complete(ApiExceptionHandler.payloadTooLarge(json, tooLarge.limit() > 0 ? tooLarge.limit() : maxBodySize));
    }
    return error(StatusCodes.BAD_REQUEST, ApiError.INVALID_REQUEST, "malformed request body: "
        + rejection.message());
  }

  private Route unsupportedMediaType(UnsupportedRequestContentTypeRejection rejection) {
    String supported = rejection.getSupported().stream().map(Object::toString).sorted()
        .collect(Collectors.joining(", "));
    return error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, ApiError.UNSUPPORTED_MEDIA_TYPE,
        "unsupported Content-Type; use one of: " + supported);
  }

  private Route methodNotAllowed(List<MethodRejection> rejections) {
    HttpMethod[] allowed = rejections.stream().map(MethodRejection::supported).distinct().toArray(HttpMethod[]::new);
    String names = rejections.stream().map(r -> r.supported().value()).distinct().sorted()
        .collect(Collectors.joining(", "));
    return complete(json.response(StatusCodes.METHOD_NOT_ALLOWED,
            ApiError.of(ApiError.METHOD_NOT_ALLOWED, "method not allowed here; allowed: " + names))
        .addHeader(Allow.create(allowed)));
  }

  private Route error(StatusCode status, String code, String message) {
    return complete(json.response(status, ApiError.of(code, message)));
  }

  private HttpResponse asJson(HttpResponse response) {
    String text = response.entity() instanceof HttpEntity.Strict strict ? strict.getData().utf8String() : "";
    return response.withEntity(json.entity(ApiError.of(codeFor(response.status()), text)));
  }

  private static String codeFor(StatusCode status) {
    return switch (status.intValue()) {
      case 400 -> ApiError.INVALID_REQUEST;
      case 404 -> ApiError.NOT_FOUND;
      case 405 -> ApiError.METHOD_NOT_ALLOWED;
      case 406 -> ApiError.NOT_ACCEPTABLE;
      case 413 -> ApiError.PAYLOAD_TOO_LARGE;
      case 415 -> ApiError.UNSUPPORTED_MEDIA_TYPE;
      case 503 -> ApiError.UNAVAILABLE;
      default -> status.reason().toLowerCase().replaceAll("[^a-z0-9]+", "_");
    };
  }
}
