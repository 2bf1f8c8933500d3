package io.flotilla.api;

import io.flotilla.engine.endpoint.Reply;
import io.flotilla.model.FieldError;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Turns an endpoint's reply into a response: accepted with the status the route chooses, rejected by code (not
 * found 404, conflict 409, invalid 400). The responses are strict, so they can be replayed.
 */
final class ReplyResponses {
  // the entity words INVALID messages as "field: problem"
  private static final Pattern FIELD_PREFIX = Pattern.compile("([A-Za-z$][A-Za-z0-9_.\\[\\]]*): (.+)", Pattern.DOTALL);

  private final ApiJson json;

  ReplyResponses(ApiJson json) {
    this.json = json;
  }

  /** {@code accepted} for an accepted command; the rejection's status otherwise; never a status view. */
  HttpResponse of(Reply reply, StatusCode accepted) {
    if (reply instanceof Reply.Accepted) {
      return json.response(accepted, reply);
    }
    if (reply instanceof Reply.Rejected rejected) {
      return rejected(rejected);
    }
    throw new IllegalStateException("unexpected reply to a command: " + reply.getClass().getSimpleName());
  }

  /** A status view as 200, a rejection as its error. */
  HttpResponse status(Reply reply) {
    if (reply instanceof Reply.Rejected rejected) {
      return rejected(rejected);
    }
    return json.response(StatusCodes.OK, reply);
  }

  HttpResponse rejected(Reply.Rejected rejected) {
    return switch (rejected.code()) {
      case NOT_FOUND -> json.response(StatusCodes.NOT_FOUND, ApiError.of(ApiError.NOT_FOUND, rejected.message()));
      case CONFLICT -> json.response(StatusCodes.CONFLICT, ApiError.of(ApiError.CONFLICT, rejected.message()));
      case INVALID -> json.response(StatusCodes.BAD_REQUEST, invalid(rejected.message()));
    };
  }

  private static ApiError invalid(String message) {
    Matcher matcher = FIELD_PREFIX.matcher(message);
    if (matcher.matches()) {
      return ApiError.invalid(List.of(new FieldError(matcher.group(1), matcher.group(2))));
    }
    return ApiError.of(ApiError.INVALID_REQUEST, message);
  }
}
