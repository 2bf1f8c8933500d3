package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /healthz}: the process answers (200 {@code {"status":"ok"}}). {@code /readyz}: every
 * {@link ReadinessCheck} passes (200 with each check's description), else 503 naming each failed check.
 */
public final class HealthRoutes {
  private final List<ReadinessCheck> checks;
  private final ApiJson json;

  public HealthRoutes(List<ReadinessCheck> checks, ApiJson json) {
    this.checks = List.copyOf(checks);
    this.json = json;
  }

  public Route route() {
    return concat(
        path("healthz", () -> get(this::alive)),
        path("readyz", () -> get(this::ready)));
  }

  private Route alive() {
    ObjectNode body = json.object().put("status", "ok");
    return complete(json.response(StatusCodes.OK, body));
  }

  private Route ready() {
    return onSuccess(ReadinessCheck.runAll(checks), this::readiness);
  }

  private Route readiness(List<ReadinessCheck.Outcome> outcomes) {
    List<ApiError.Detail> failed = outcomes.stream()
        .filter(outcome -> !outcome.passed())
        .map(outcome -> new ApiError.Detail(outcome.name(), outcome.text()))
        .toList();
    if (!failed.isEmpty()) {
      String names = String.join(", ", failed.stream().map(ApiError.Detail::field).toList());
      return complete(json.response(StatusCodes.SERVICE_UNAVAILABLE,
          new ApiError(ApiError.NOT_READY, "not ready: " + names, failed)));
    }
    ObjectNode body = json.object().put("status", "ready");
    ObjectNode passed = body.putObject("checks");
    outcomes.forEach(outcome -> passed.put(outcome.name(), outcome.text()));
    return complete(json.response(StatusCodes.OK, body));
  }
}
