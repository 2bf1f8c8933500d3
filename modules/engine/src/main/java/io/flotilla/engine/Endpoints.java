package io.flotilla.engine;

import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.engine.health.CassandraHealth;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Asks endpoint entities, wherever in the cluster they live, through Cluster Sharding. Changes asked for by users go
 * through {@link #askToChange}, which knows whether Cassandra is available ({@link CassandraHealth}).
 */
public final class Endpoints {
  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final CassandraHealth health;

  Endpoints(ActorSystem<?> system, Duration askTimeout, CassandraHealth health) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.health = health;
  }

  public CompletionStage<Reply> ask(String service, Function<ActorRef<Reply>, EndpointCommand> command) {
    return ask(service, command, askTimeout);
  }

  /**
   * A command that changes the endpoint: refused at once while Cassandra is unavailable, and failed as soon as it
   * becomes unavailable before the entity answers (see {@link CassandraHealth#guard}); either way with
   * {@link io.flotilla.engine.health.StoreUnavailableException}.
   */
  public CompletionStage<Reply> askToChange(String service, Function<ActorRef<Reply>, EndpointCommand> command) {
    return health.guard(() -> ask(service, command));
  }

  /**
   * A question answered from the entity's state. While Cassandra is unavailable a live entity still answers, but one
   * that stopped cannot recover: the ask gives up after {@code degraded-read-timeout} instead of the ask timeout.
   */
  public CompletionStage<Reply> askToRead(String service, Function<ActorRef<Reply>, EndpointCommand> command) {
    return ask(service, command, health.available() ? askTimeout : health.settings().degradedReadTimeout());
  }

  private CompletionStage<Reply> ask(String service, Function<ActorRef<Reply>, EndpointCommand> command,
      Duration timeout) {
    return sharding.entityRefFor(EndpointEntity.TYPE_KEY, service).ask(command::apply, timeout);
  }
}
