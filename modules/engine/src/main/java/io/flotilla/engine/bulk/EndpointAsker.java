package io.flotilla.engine.bulk;

import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.Reply;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** How a bulk release reaches the endpoint entities of its items: through Cluster Sharding, or a fake in tests. */
@FunctionalInterface
public interface EndpointAsker {
  CompletionStage<Reply> ask(String service, Function<ActorRef<Reply>, EndpointCommand> command);
}
