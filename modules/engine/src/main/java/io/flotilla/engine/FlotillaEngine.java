package io.flotilla.engine;

import io.flotilla.cloud.CloudProvider;
import io.flotilla.engine.accounts.AccountRegistry;
import io.flotilla.engine.accounts.Accounts;
import io.flotilla.engine.endpoint.EndpointDependencies;
import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.inventory.InventoryScanners;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Composition root of the engine on one node: the node's inventory scanners and the sharded endpoint entities.
 * The server wires a cloud into it; tests pass their own through the same method.
 */
public final class FlotillaEngine {
  private final ActorSystem<?> system;
  private final Endpoints endpoints;
  private final EngineSettings settings;
  private final Accounts accounts;

  private FlotillaEngine(ActorSystem<?> system, EngineSettings settings, Accounts accounts) {
    this.system = system;
    this.settings = settings;
    this.endpoints = new Endpoints(system, settings.askTimeout());
    this.accounts = accounts;
  }

  public static FlotillaEngine init(ActorSystem<?> system, CloudProvider cloud, Clock clock) {
    EngineSettings settings = EngineSettings.from(system.settings().config());
    ActorRef<InventoryScanners.Command> scanners = system.systemActorOf(
        InventoryScanners.create(cloud.inventory(), settings.inventoryMaxAge(), settings.cloudCallTimeout(), clock),
        "inventory-scanners", Props.empty());
    EndpointDependencies deps = new EndpointDependencies(cloud, scanners, clock, settings);
    ClusterSharding.get(system).init(Entity.of(EndpointEntity.TYPE_KEY,
            entityContext -> EndpointEntity.create(entityContext.getEntityId(), deps, entityContext.getShard()))
        .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
    ClusterSharding.get(system).init(Entity.of(AccountRegistry.TYPE_KEY, entityContext -> AccountRegistry.create(clock)));
    Accounts accounts = Accounts.start(system, Accounts.fromConfig(system.settings().config()), settings.askTimeout(),
        system.settings().config().getDuration("flotilla.engine.accounts-refresh"));
    return new FlotillaEngine(system, settings, accounts);
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** The accounts Flotilla deploys into (configuration and registry). */
  public Accounts accounts() {
    return accounts;
  }

  public EngineSettings settings() {
    return settings;
  }

  public ActorSystem<?> system() {
    return system;
  }
}
