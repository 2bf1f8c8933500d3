package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
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
    return onSuccess(runChecks(), this::readiness);
  }

  /** Every check's outcome by name: a description when it passed, else the failure. */
  private CompletionStage<Map<String, Outcome>> runChecks() {
    List<CompletableFuture<Outcome>> running = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      CompletionStage<String> probe;
      try {
        probe = check.probe().get();
      } catch (RuntimeException e) {
        probe = CompletableFuture.failedFuture(e);
      }
      running.add(probe.handle((description, failure) -> failure == null
          ? new Outcome(true, description) : new Outcome(false, reason(failure))).toCompletableFuture());
    }
    // all complete by now: getNow never waits
    return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      for (int i = 0; i < checks.size(); i++) {
        outcomes.put(checks.get(i).name(), running.get(i).getNow(null));
      }
      return outcomes;
    });
  }

  private Route readiness(Map<String, Outcome> outcomes) {
    List<ApiError.Detail> failed = outcomes.entrySet().stream()
        .filter(entry -> !entry.getValue().passed())
        .map(entry -> new ApiError.Detail(entry.getKey(), entry.getValue().text()))
        .toList();
    if (!failed.isEmpty()) {
      String names = String.join(", ", failed.stream().map(ApiError.Detail::field).toList());
      return complete(json.response(StatusCodes.SERVICE_UNAVAILABLE,
          new ApiError(ApiError.NOT_READY, "not ready: " + names, failed)));
    }
    ObjectNode body = json.object().put("status", "ready");
    ObjectNode passed = body.putObject("checks");
    outcomes.forEach((name, outcome) -> passed.put(name, outcome.text()));
    return complete(json.response(StatusCodes.OK, body));
  }

  private static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return "no answer in time";
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  private record Outcome(boolean passed, String text) {}
}
