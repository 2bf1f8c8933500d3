package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.Endpoints;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.model.FieldError;
import io.flotilla.model.SpecReader;
import io.flotilla.model.Versions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Releases and the actions on them: {@code POST /services/{name}/releases} {@code {"version": ...}} and
 * {@code POST /services/{name}/{rollback|pause|resume|promote|abort}} ({@code {"reason": ...}} for rollback and
 * abort). Accepted commands answer 202 with what the entity did; impossible ones 409, unknown services 404. Bodies
 * are validated before the entity is asked; an {@code Idempotency-Key} makes a retry return the first answer, and
 * names a release request to its endpoint, so a retry on any node never makes a second release.
 */
public final class ReleaseRoutes {
  private static final int MAX_REASON = 1000;
  private static final Pattern ACTION = Pattern.compile("rollback|pause|resume|promote|abort");

  private final Endpoints endpoints;
  private final ReplyResponses replies;
  private final IdempotencyCache idempotency;
  private final ServiceTeams teams;

  /** The actions on a release, named by their path segment. */
  private enum Action {
    ROLLBACK(true),
    PAUSE(false),
    RESUME(false),
    PROMOTE(false),
    ABORT(true);

    final boolean takesReason;

    Action(boolean takesReason) {
      this.takesReason = takesReason;
    }

    static Action of(String segment) {
      return valueOf(segment.toUpperCase(Locale.ROOT));
    }

    EndpointCommand command(String reason, String requestId, String by, ActorRef<Reply> replyTo) {
      return switch (this) {
        case ROLLBACK -> new EndpointCommand.Rollback(reason, requestId, by, replyTo);
        case PAUSE -> new EndpointCommand.Pause(by, replyTo);
        case RESUME -> new EndpointCommand.Resume(by, replyTo);
        case PROMOTE -> new EndpointCommand.Promote(by, replyTo);
        case ABORT -> new EndpointCommand.Abort(reason, by, replyTo);
      };
    }
  }

  public ReleaseRoutes(Endpoints endpoints, ApiJson json, IdempotencyCache idempotency) {
    this.endpoints = endpoints;
    this.replies = new ReplyResponses(json);
    this.idempotency = idempotency;
    this.teams = new ServiceTeams(endpoints);
  }

  /** The routes as {@code principal} may use them: a deployer of the service's team, or admin. */
  public Route route(Principal principal) {
    return pathPrefix("services", () -> pathPrefix(segment(), name -> concat(
        path("releases", () -> post(() -> teams.requireOwn(principal, name, "POST a release",
            () -> QueryParameters.none(() -> release(name, principal))))),
        path(segment(ACTION), action -> post(() -> teams.requireOwn(principal, name, "POST " + action,
            () -> QueryParameters.none(() -> act(name, Action.of(action), principal))))))));
  }

  private Route release(String name, Principal principal) {
    return optionalHeaderValueByName("Idempotency-Key", key -> RequestBodies.optionalJsonText(text -> {
      ObjectNode body = RequestBodies.jsonObject(text, Set.of("version"));
      String version = RequestBodies.stringField(body, "version").orElse(null);
      Optional<FieldError> invalid = Versions.check(version);
      if (invalid.isPresent()) {
        throw ApiException.invalid(List.of(invalid.get()));
      }
      String requestId = key.map(value -> requestIdOf(value, version)).orElse(null);
      return command(name, text, replyTo -> new EndpointCommand.RequestRelease(version, requestId, principal.name(),
          replyTo));
    }));
  }

  /**
   * The request id a keyed request gives the endpoint ({@code what}: the version released, or {@code rollback}). The
   * node's {@link IdempotencyCache} answers a retry only on the node that answered first, and only once it answered;
   * a retry on another node, after a restart, or after a timeout (whose command may still reach the entity) is
   * recognised by the endpoint itself through this id, and answered with the release the first attempt made or acted
   * on. The version is part of it: the same key with another version is another request (a node that still holds
   * the key refuses it with 422). Pause, resume, promote and abort are idempotent in the entity already (a repeat
   * answers no-op or 409), so only releases and rollbacks, which a repeat would apply twice, are named.
   */
  static String requestIdOf(String key, String what) {
    return "key:" + key + "@" + what;
  }

  private Route act(String name, Action action, Principal principal) {
    return optionalHeaderValueByName("Idempotency-Key", key -> RequestBodies.optionalJsonText(text -> {
      ObjectNode body = RequestBodies.jsonObject(text, action.takesReason ? Set.of("reason") : Set.of());
      String reason = RequestBodies.stringField(body, "reason").orElse(null);
      if (reason != null && reason.length() > MAX_REASON) {
        throw ApiException.invalid("reason", "must be at most " + MAX_REASON + " characters");
      }
      String requestId = action == Action.ROLLBACK ? key.map(value -> requestIdOf(value, "rollback")).orElse(null)
          : null;
      return command(name, text, replyTo -> action.command(reason, requestId, principal.name(), replyTo));
    }));
  }

  /** Asks the entity once per request, or once per {@code Idempotency-Key} and request. */
  private Route command(String name, String body, Function<ActorRef<Reply>, EndpointCommand> command) {
    if (!SpecReader.NAME.matcher(name).matches()) {
      throw ApiException.notFound(ServiceRoutes.notFoundMessage(name));
    }
    Supplier<CompletionStage<HttpResponse>> ask = () -> endpoints.askToChange(name, command)
        .thenApply(reply -> replies.of(reply, StatusCodes.ACCEPTED));
    return optionalHeaderValueByName("Idempotency-Key", key -> extractRequest(request -> completeWithFuture(
        key.isEmpty() ? ask.get() : idempotency.execute(key.get(), IdempotencyCache.fingerprint(
            request.method().value(), request.getUri().path(), body), ask))));
  }
}
