package io.flotilla.engine.sweeper;

import io.flotilla.engine.Endpoints;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.Environment;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.engine.endpoint.StatusView;
import io.flotilla.model.SpecReader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Asks the service's endpoint entity for its status: its environments (every state, orphans it is deleting
 * included) are the ones it knows. An unknown service answers NOT_FOUND without persisting anything and passivates,
 * which also takes it out of the remembered entities again. A tag that is not a valid service name cannot belong to
 * any service, so no entity is started for it.
 */
public final class EntityOwnership implements EnvironmentOwnership {
  private final Endpoints endpoints;

  public EntityOwnership(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public CompletionStage<Known> known(String service) {
    if (!SpecReader.NAME.matcher(service).matches()) {
      return CompletableFuture.completedFuture(Known.noService());
    }
    return endpoints.ask(service, EndpointCommand.GetStatus::new).thenCompose(reply -> {
      if (reply instanceof StatusView status) {
        return CompletableFuture.completedFuture(new Known(true,
            status.environments().stream().map(Environment::id).collect(Collectors.toSet())));
      }
      if (reply instanceof Reply.Rejected rejected && rejected.code() == Reply.Code.NOT_FOUND) {
        return CompletableFuture.completedFuture(Known.noService());
      }
      return CompletableFuture.failedFuture(new IllegalStateException("unexpected answer " + reply));
    });
  }
}
