package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.put;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.Endpoints;
import io.flotilla.engine.accounts.Accounts;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointEvent;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.engine.endpoint.StatusView;
import io.flotilla.engine.health.CassandraHealth;
import io.flotilla.model.Account;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.SpecCodec;
import io.flotilla.model.SpecReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Services and their specs: {@code PUT /services/{name}} (JSON or YAML; 201 created, 200 updated or unchanged),
 * {@code GET} its status, {@code DELETE} it (202: environments are removed in the background),
 * {@code GET .../revisions} every spec revision from the journal, and {@code GET /services} the fleet view with
 * filters (account, region, team, phase, {@code q} in the name) and paging ({@code offset}/{@code limit}, or
 * {@code cursor}).
 */
public final class ServiceRoutes {
  private static final int MAX_LIMIT = 500;
  private static final int DEFAULT_LIMIT = 50;
  private static final Set<String> LIST_PARAMETERS =
      Set.of("offset", "limit", "cursor", "account", "region", "team", "phase", "q");

  private final Endpoints endpoints;
  private final Accounts accounts;
  private final ServiceDirectory directory;
  private final EventFeed feed;
  private final ApiJson json;
  private final ReplyResponses replies;
  private final ActorSystem<?> system;
  private final ServiceTeams teams;
  private final DegradedReads degraded;
  private final Duration retryAfter;

  public ServiceRoutes(Endpoints endpoints, Accounts accounts, ServiceDirectory directory, EventFeed feed, ApiJson json,
      ActorSystem<?> system, CassandraHealth health) {
    this.degraded = new DegradedReads(health, json);
    this.retryAfter = health.settings().retryAfter();
    this.endpoints = endpoints;
    this.accounts = accounts;
    this.directory = directory;
    this.feed = feed;
    this.json = json;
    this.replies = new ReplyResponses(json);
    this.system = system;
    this.teams = new ServiceTeams(endpoints);
  }

  /** The routes as {@code principal} may use them: anyone reads; changes need a deployer of the team, or admin. */
  public Route route(Principal principal) {
    return pathPrefix("services", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> QueryParameters.only(LIST_PARAMETERS, this::list))),
        pathPrefix(segment(), name -> concat(
            pathEnd(() -> concat(
                get(() -> QueryParameters.none(() -> status(name))),
                put(() -> Access.require(principal, Role.DEPLOYER, "PUT a service spec", () -> QueryParameters.none(() -> putSpec(principal, name)))),
                delete(() -> teams.requireOwn(principal, name, "DELETE a service", () -> QueryParameters.none(() -> deleteService(name, principal)))))),
            path("revisions", () -> get(() -> QueryParameters.none(() -> revisions(name))))))));
  }

  /**
   * The entity's status. While Cassandra is unavailable only a service the fleet view lists is asked (starting an
   * entity for an unknown name would need Cassandra), briefly, and the answer is marked degraded.
   */
  private Route status(String name) {
    return existing(name, () -> {
      if (degraded.degraded() && !directory.lists(name)) {
        return complete(ApiExceptionHandler.unavailable(json, "Cassandra (the event store) is unavailable and this "
            + "node's fleet view does not list '" + name + "'; whether it exists cannot be told until it returns",
            retryAfter));
      }
      CompletionStage<HttpResponse> answer = endpoints.askToRead(name, EndpointCommand.GetStatus::new)
          .thenApply(reply -> reply instanceof StatusView
              ? degraded.ok(reply, "the service's state as its entity holds it in memory") : replies.status(reply))
          // its entity stopped when a write failed, and cannot recover until Cassandra answers
          .exceptionallyCompose(failure -> degraded.degraded()
              ? CompletableFuture.completedFuture(ApiExceptionHandler.unavailable(json, "Cassandra (the event "
                  + "store) is unavailable and the state of '" + name + "' cannot be read until it returns",
                  retryAfter))
              : CompletableFuture.failedFuture(failure));
      return onSuccess(answer, response -> complete(response));
    });
  }

  private Route putSpec(Principal principal, String name) {
    return RequestBodies.specText((yaml, text) -> {
      ServiceSpec spec = SpecCodec.read(text, yaml);
      if (!spec.name().equals(name)) {
        throw ApiException.invalid("name", "'" + spec.name() + "' does not match the service in the path ('"
            + name + "')");
      }
      if (!principal.maySteer(spec.team())) {
        throw Access.otherTeam(principal, name, spec.team());
      }
      CompletionStage<Reply> reply = currentTeamAllows(principal, name).thenCompose(allowed -> accounts.find(spec.account())).thenCompose(account -> {
        checkPlacement(spec, account);
        return endpoints.askToChange(name, replyTo -> new EndpointCommand.PutSpec(spec, principal.name(), replyTo));
      });
      return onSuccess(reply, answer -> complete(putResponse(name, answer)));
    });
  }

  /** For a deployer, the service's current team (if it exists) must be its own too; an admin is not asked about. */
  private CompletionStage<Boolean> currentTeamAllows(Principal principal, String name) {
    if (principal.isAdmin()) {
      return java.util.concurrent.CompletableFuture.completedFuture(true);
    }
    return teams.teamOf(name).thenApply(team -> {
      if (team.isPresent() && !principal.maySteer(team.get())) {
        throw Access.otherTeam(principal, name, team.get());
      }
      return true;
    });
  }

  /** A spec must name a registered account and one of its regions. */
  private void checkPlacement(ServiceSpec spec, Optional<Account> account) {
    if (account.isEmpty()) {
      throw ApiException.invalid("account", "unknown account '" + spec.account() + "' (registered: "
          + AccountRoutes.names(accounts.entries()) + "); register it with PUT /api/v1/accounts/{id}");
    }
    if (!account.get().regions().contains(spec.region())) {
      throw ApiException.invalid("region", "account '" + account.get().id() + "' has no region '" + spec.region()
          + "' (regions: " + String.join(", ", account.get().regions()) + ")");
    }
  }

  private HttpResponse putResponse(String name, Reply reply) {
    if (reply instanceof Reply.Accepted accepted && accepted.outcome().equals("created")) {
      return replies.of(reply, StatusCodes.CREATED).addHeader(Location.create("/api/v1/services/" + name));
    }
    return replies.of(reply, StatusCodes.OK);
  }

  private Route deleteService(String name, Principal principal) {
    return existing(name, () -> onSuccess(endpoints.askToChange(name,
        replyTo -> new EndpointCommand.DeleteService(principal.name(), replyTo)),
        reply -> complete(replies.of(reply, StatusCodes.ACCEPTED))));
  }

  private Route revisions(String name) {
    return existing(name, () -> onSuccess(feed.revisions(name).runWith(Sink.seq(), system), changes -> {
      if (changes.isEmpty()) {
        throw ApiException.notFound(notFoundMessage(name));
      }
      return complete(json.response(StatusCodes.OK, revisionsJson(name, changes)));
    }));
  }

  private ObjectNode revisionsJson(String name, List<EndpointEvent.SpecChanged> changes) {
    ObjectNode body = json.object();
    body.put("service", name);
    ArrayNode revisions = body.putArray("revisions");
    for (EndpointEvent.SpecChanged change : changes) {
      ObjectNode revision = revisions.addObject();
      revision.put("revision", change.revision());
      revision.set("createdAt", json.tree(change.at()));
      revision.set("spec", json.tree(change.spec()));
    }
    return body;
  }

  private Route list() {
    return paging((offset, limit) -> parameterOptional("cursor", cursor -> filter(filter -> onSuccess(
        directory.list(filter, cursor, offset, limit), page -> complete(degraded.ok(page,
            "the fleet view as this node last read it; it is not updated until Cassandra returns"))))));
  }

  private static Route paging(BiFunction<Integer, Integer, Route> inner) {
    return parameterOptional("offset", offset -> parameterOptional("limit", limit -> inner.apply(
        offset.map(text -> Paging.number("offset", text, 0, Integer.MAX_VALUE)).orElse(0),
        limit.map(text -> Paging.number("limit", text, 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT))));
  }

  private Route filter(Function<ServiceDirectory.Filter, Route> inner) {
    return parameterOptional("account", account -> parameterOptional("region", region ->
        parameterOptional("team", team -> parameterOptional("phase", phase -> parameterOptional("q", q ->
            inner.apply(new ServiceDirectory.Filter(account.map(this::accountNames), region, team, phase, q)))))));
  }

  /** An account asked for by id or alias matches services that name it either way. */
  private Set<String> accountNames(String idOrAlias) {
    return accounts.cached(idOrAlias).map(account -> Set.copyOf(List.of(account.id(), account.alias())))
        .orElse(Set.of(idOrAlias));
  }

  /** A name that cannot be a service is not found without asking (asking would start an entity for it). */
  private static Route existing(String name, Supplier<Route> inner) {
    if (!SpecReader.NAME.matcher(name).matches()) {
      throw ApiException.notFound(notFoundMessage(name));
    }
    return inner.get();
  }

  static String notFoundMessage(String name) {
    String shown = name.length() <= 64 ? name : name.substring(0, 64) + "...";
    return "service '" + shown + "' does not exist";
  }
}
