package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import io.flotilla.engine.health.StoreUnavailableException;
import io.flotilla.model.SpecValidationException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures to JSON errors, one known failure mode at a time: refused requests and invalid specs are 400 (or the
 * status the route chose), bodies over the limit 413, an entity or Cassandra not answering in time 503 (with
 * {@code Retry-After}), a change refused or not confirmed because Cassandra is unavailable 503 (with
 * {@code Retry-After}). Anything else is a bug: 500, logged here with its stack trace, answered without one.
 */
final class ApiExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final ApiJson json;
  private final long maxBodySize;
  private final Duration retryAfter;

  ApiExceptionHandler(ApiJson json, long maxBodySize, Duration retryAfter) {
    this.json = json;
    this.maxBodySize = maxBodySize;
    this.retryAfter = retryAfter;
  }

  ExceptionHandler handler() {
    return ExceptionHandler.newBuilder()
        .matchAny(failure -> extractRequest(request -> complete(responseFor(failure,
            request.method().value() + " " + request.getUri().path()))))
        .build();
  }

  HttpResponse responseFor(Throwable failure, String request) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ApiException refused) {
      return json.response(refused.status(), refused.error());
    }
    if (cause instanceof SpecValidationException invalid) {
      return json.response(StatusCodes.BAD_REQUEST, ApiError.invalid(invalid.errors()));
    }
    if (cause instanceof EntityStreamSizeException tooLarge) {
      return payloadTooLarge(json, tooLarge.limit() > 0 ? tooLarge.limit() : maxBodySize);
    }
    if (cause instanceof StoreUnavailableException unavailable) {
      log.info("{}: {} ({})", request, unavailable.inFlight() ? "not confirmed" : "refused", unavailable.getMessage());
      return unavailable(unavailable.inFlight()
          ? "Cassandra (the event store) became unavailable before the change was confirmed: it may or may not have "
              + "been made; repeating the same request is safe"
          : "Cassandra (the event store) is unavailable since " + unavailable.status().since()
              + "; nothing was changed; retry later");
    }
    if (cause instanceof TimeoutException) {
      log.warn("{}: timed out: {}", request, cause.getMessage());
      return unavailable("the cluster did not answer in time; the request may or may not have taken effect");
    }
    if (cause instanceof AllNodesFailedException || cause instanceof DriverTimeoutException) {
      log.warn("{}: Cassandra unavailable: {}", request, cause.getMessage());
      return unavailable("the event store is not available; try again shortly");
    }
    log.error("{}: unexpected failure", request, cause);
    return json.response(StatusCodes.INTERNAL_SERVER_ERROR, ApiError.of(ApiError.INTERNAL,
        "internal error; it was logged on the node that answered"));
  }

  private HttpResponse unavailable(String message) {
    return unavailable(json, message, retryAfter);
  }

  /** 503 {@code unavailable} with {@code Retry-After}. */
  static HttpResponse unavailable(ApiJson json, String message, Duration retryAfter) {
    return json.response(StatusCodes.SERVICE_UNAVAILABLE, ApiError.of(ApiError.UNAVAILABLE, message))
        .addHeader(RetryAfter.create(Math.max(1, retryAfter.toSeconds())));
  }

  static HttpResponse payloadTooLarge(ApiJson json, long maxBodySize) {
    return json.response(StatusCodes.PAYLOAD_TOO_LARGE, ApiError.of(ApiError.PAYLOAD_TOO_LARGE,
        "the request body is larger than " + maxBodySize + " bytes, the limit for this request"));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
