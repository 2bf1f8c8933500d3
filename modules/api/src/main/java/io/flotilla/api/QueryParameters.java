package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;

import io.flotilla.model.DocumentText;
import io.flotilla.model.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;

/**
 * Query parameters the API does not know are refused (400 naming each one and what the route accepts), on reads as
 * on mutating calls: a misspelt filter ({@code ?acount=x}) would otherwise return the whole fleet as if it had
 * matched, and a parameter on a command would be ignored silently. A parameter given twice is refused too: which of
 * the two values counts would be a guess. The dashboard's static files, health checks and {@code /metrics} ignore
 * parameters (browsers and scrapers add their own).
 */
final class QueryParameters {
  private static final int MAX_SHOWN = 64;

  private QueryParameters() {}

  /** {@code inner}, when every query parameter is one of {@code allowed} and none is repeated. */
  static Route only(Set<String> allowed, Supplier<Route> inner) {
    return extractRequest(request -> {
      List<FieldError> errors = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Pair<String, String> parameter : request.getUri().query().toList()) {
        String name = shown(parameter.first());
        if (!allowed.contains(parameter.first())) {
          errors.add(new FieldError(name, "unknown query parameter; allowed: "
              + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed)))));
        } else if (!seen.add(parameter.first())) {
          errors.add(new FieldError(name, "is given more than once"));
        }
        if (errors.size() >= 10) {
          break;
        }
      }
      if (!errors.isEmpty()) {
        throw ApiException.invalid(errors);
      }
      return inner.get();
    });
  }

  /** {@code inner}, when the request has no query parameters. */
  static Route none(Supplier<Route> inner) {
    return only(Set.of(), inner);
  }

  private static String shown(String name) {
    String printable = DocumentText.printable(name);
    return printable.length() <= MAX_SHOWN ? printable : printable.substring(0, MAX_SHOWN) + "...";
  }
}
