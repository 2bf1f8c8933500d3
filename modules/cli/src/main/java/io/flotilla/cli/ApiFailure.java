package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The server answered with an error. The API's errors are JSON {@code {"error", "message", "details": [{field,
 * message}]}}; the CLI prints the message and, when there are several, each field on its own line.
 */
final class ApiFailure extends CliException {
  private final int status;
  private final String code;
  private final String apiMessage;
  private final List<FieldError> details;

  private ApiFailure(String message, int status, String code, String apiMessage, List<FieldError> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.apiMessage = apiMessage;
    this.details = List.copyOf(details);
  }

  /** The failure for a non-2xx answer to {@code request} (e.g. {@code GET /api/v1/services/x}). */
  static ApiFailure of(String request, int status, JsonNode body, String serverUrl) {
    if (body == null || !body.path("message").isTextual()) {
      return new ApiFailure("the server at " + serverUrl + " answered " + status + " to " + request
          + " without a Flotilla error; is it a Flotilla server?", status, "", "", List.of());
    }
    String code = body.path("error").asText("");
    String message = body.path("message").asText();
    List<FieldError> details = new ArrayList<>();
    body.path("details").forEach(detail -> details.add(new FieldError(detail.path("field").asText(""),
        detail.path("message").asText(""))));
    if (status == 404 && message.startsWith("no such resource")) {
      // the route does not exist on this server: a newer CLI than server, not a missing service
      return new ApiFailure("the server at " + serverUrl + " does not offer " + request
          + " (404: " + message + "); it runs an older Flotilla than this CLI", status, code, message, details);
    }
    return new ApiFailure(render(message, details), status, code, message, details);
  }

  /** 401: no token, or one the server does not know; says where the token came from and how to set one. */
  static ApiFailure unauthorized(String request, JsonNode body, String tokenSource) {
    String message = body != null && body.path("message").isTextual() ? body.path("message").asText()
        : "authentication required";
    return new ApiFailure("the server refused " + request + " (401: " + message + "); the token "
        + (tokenSource.equals("none") ? "is not set" : "comes from " + tokenSource) + ". Set it with --token, "
        + TokenSetting.TOKEN_VARIABLE + " or token: in the config file (flotilla dev prints one as 'token: ...')",
        401, body == null ? "" : body.path("error").asText(""), message, List.of());
  }

  private static String render(String message, List<FieldError> details) {
    if (details.size() <= 1) {
      return message;
    }
    StringBuilder out = new StringBuilder(details.size() + " invalid fields:");
    details.forEach(detail -> out.append(System.lineSeparator()).append("  ").append(detail));
    return out.toString();
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String apiMessage() {
    return apiMessage;
  }

  List<FieldError> details() {
    return details;
  }

  /** The resource named in the request does not exist (as opposed to the route being unknown to the server). */
  boolean isNotFound() {
    return status == 404 && code.equals("not_found") && !apiMessage.startsWith("no such resource");
  }
}
