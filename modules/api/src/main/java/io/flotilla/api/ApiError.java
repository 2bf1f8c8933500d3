package io.flotilla.api;

import io.flotilla.model.FieldError;
import java.util.List;

/**
 * The body of every error response: a stable machine-readable {@code error} code, a human {@code message}, and
 * {@code details} naming each offending field (empty when the problem is not about a field).
 */
public record ApiError(String error, String message, List<Detail> details) {

  public static final String INVALID_REQUEST = "invalid_request";
  public static final String NOT_FOUND = "not_found";
  public static final String CONFLICT = "conflict";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String NOT_ACCEPTABLE = "not_acceptable";
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";
  public static final String UNAVAILABLE = "unavailable";
  public static final String NOT_READY = "not_ready";
  public static final String INTERNAL = "internal";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String FORBIDDEN = "forbidden";
  public static final String RATE_LIMITED = "rate_limited";

  public ApiError {
    details = details == null ? List.of() : List.copyOf(details);
  }

  /** One problem with one field of the request, e.g. {@code rollout.steps[1].weight}. */
  public record Detail(String field, String message) {}

  public static ApiError of(String error, String message) {
    return new ApiError(error, message, List.of());
  }

  /** An invalid request with one detail per field error; the message lists them as {@code field: message}. */
  public static ApiError invalid(List<FieldError> errors) {
    List<Detail> details = errors.stream().map(e -> new Detail(e.field(), e.message())).toList();
    String message = errors.size() == 1 ? errors.get(0).toString()
        : errors.size() + " invalid fields: " + String.join("; ", errors.stream().map(FieldError::toString).toList());
    return new ApiError(INVALID_REQUEST, message, details);
  }
}
