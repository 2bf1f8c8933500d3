package io.flotilla.api;

import io.flotilla.model.FieldError;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * A request the API refuses before asking the engine, with the status and error body to answer. Thrown from route
 * code and turned into a response by {@link ApiExceptionHandler}.
 */
public final class ApiException extends RuntimeException {
  private final StatusCode status;
  private final ApiError error;

  public ApiException(StatusCode status, ApiError error) {
    super(error.message(), null, false, false);
    this.status = status;
    this.error = error;
  }

  public static ApiException invalid(String field, String message) {
    return new ApiException(StatusCodes.BAD_REQUEST, ApiError.invalid(List.of(new FieldError(field, message))));
  }

  public static ApiException invalid(List<FieldError> errors) {
    return new ApiException(StatusCodes.BAD_REQUEST, ApiError.invalid(errors));
  }

  public static ApiException notFound(String message) {
    return new ApiException(StatusCodes.NOT_FOUND, ApiError.of(ApiError.NOT_FOUND, message));
  }

  public StatusCode status() {
    return status;
  }

  public ApiError error() {
    return error;
  }
}
