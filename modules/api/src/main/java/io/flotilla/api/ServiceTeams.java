package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import io.flotilla.engine.Endpoints;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.StatusView;
import io.flotilla.model.SpecReader;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The team check of changes to one service: an admin changes anything; a deployer changes a service only when its
 * current team (from the entity, which is authoritative) is one of its own. A service that does not exist passes
 * here, so the deployer gets the answer an admin would (404 for an action, the spec's own team check for a PUT).
 */
final class ServiceTeams {
  private final Endpoints endpoints;

  ServiceTeams(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** {@code inner} if {@code principal} may change the existing service {@code name}; else 403. */
  Route requireOwn(Principal principal, String name, String action, Supplier<Route> inner) {
    return Access.require(principal, Role.DEPLOYER, action, () -> {
      if (principal.isAdmin() || !SpecReader.NAME.matcher(name).matches()) {
        return inner.get();
      }
      return onSuccess(teamOf(name), team -> {
        if (team.isPresent() && !principal.maySteer(team.get())) {
          throw Access.otherTeam(principal, name, team.get());
        }
        return inner.get();
      });
    });
  }

  /** The team of the service's current spec; empty when the service does not exist. */
  CompletionStage<Optional<String>> teamOf(String name) {
    if (!SpecReader.NAME.matcher(name).matches()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return endpoints.ask(name, EndpointCommand.GetStatus::new).thenApply(reply ->
        reply instanceof StatusView view && view.spec() != null ? Optional.of(view.spec().team()) : Optional.empty());
  }
}
