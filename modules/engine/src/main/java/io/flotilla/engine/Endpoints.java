package io.flotilla.engine;

import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.endpoint.Reply;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Asks endpoint entities, wherever in the cluster they live, through Cluster Sharding. */
public final class Endpoints {
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  Endpoints(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  public CompletionStage<Reply> ask(String service, Function<ActorRef<Reply>, EndpointCommand> command) {
    return sharding.entityRefFor(EndpointEntity.TYPE_KEY, service).ask(command::apply, askTimeout);
  }
}
