package io.flotilla.engine;

import io.flotilla.cloud.CloudProvider;
import io.flotilla.engine.accounts.AccountRegistry;
import io.flotilla.engine.accounts.Accounts;
import io.flotilla.engine.bulk.BulkReleases;
import io.flotilla.engine.endpoint.EndpointDependencies;
import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.fleet.FleetView;
import io.flotilla.engine.health.CassandraHealth;
import io.flotilla.engine.health.CassandraProbe;
import io.flotilla.engine.inventory.InventoryScanners;
import io.flotilla.engine.sweeper.EntityOwnership;
import io.flotilla.engine.sweeper.ScannedPlacements;
import io.flotilla.engine.sweeper.Sweeper;
import io.flotilla.cloud.Placement;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Composition root of the engine on one node: the node's inventory scanners, the sharded endpoint entities, the
 * fleet view and bulk releases.
 * The server wires a cloud into it; tests pass their own through the same method.
 */
public final class FlotillaEngine {
  private final ActorSystem<?> system;
  private final Endpoints endpoints;
  private final EngineSettings settings;
  private final Accounts accounts;
  private final CassandraHealth health;
  // set once by init, before the engine is handed out
  private Sweeper sweeper;
  private FleetView fleet;
  private BulkReleases bulkReleases;

  private FlotillaEngine(ActorSystem<?> system, EngineSettings settings, Accounts accounts, CassandraHealth health) {
    this.system = system;
    this.settings = settings;
    this.health = health;
    this.endpoints = new Endpoints(system, settings.askTimeout(), health);
    this.accounts = accounts;
  }

  public static FlotillaEngine init(ActorSystem<?> system, CloudProvider cloud, Clock clock) {
    EngineSettings settings = EngineSettings.from(system.settings().config());
    // the placements the entities reconcile in are the ones the orphan sweeper visits
    ScannedPlacements scanned = new ScannedPlacements(cloud.inventory());
    ActorRef<InventoryScanners.Command> scanners = system.systemActorOf(
        InventoryScanners.create(scanned, settings.inventoryMaxAge(), settings.cloudCallTimeout(), clock),
        "inventory-scanners", Props.empty());
    EndpointDependencies deps = new EndpointDependencies(cloud, scanners, clock, settings);
    ClusterSharding.get(system).init(Entity.of(EndpointEntity.TYPE_KEY,
            entityContext -> EndpointEntity.create(entityContext.getEntityId(), deps, entityContext.getShard()))
        .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
    ClusterSharding.get(system).init(Entity.of(AccountRegistry.TYPE_KEY, entityContext -> AccountRegistry.create(clock)));
    Accounts accounts = Accounts.start(system, Accounts.fromConfig(system.settings().config()), settings.askTimeout(),
        system.settings().config().getDuration("flotilla.engine.accounts-refresh"));
    FlotillaEngine engine = new FlotillaEngine(system, settings, accounts, CassandraProbe.start(system, clock));
    // the sweeper visits every registered (account, region), and any other placement an endpoint here reconciles in
    Supplier<Set<Placement>> placements = () -> {
      Set<Placement> out = new LinkedHashSet<>(accounts.placements());
      scanned.get().forEach(placement -> out.add(accounts.cached(placement.account())
          .map(account -> new Placement(account.id(), placement.region())).orElse(placement)));
      return out;
    };
    engine.sweeper = Sweeper.init(system, cloud, new EntityOwnership(engine.endpoints), placements, clock);
    // the account registry answering means the journal and snapshot store have created their tables
    engine.fleet = FleetView.init(system, accounts::list);
    engine.bulkReleases = BulkReleases.init(system, engine.endpoints::ask, clock);
    return engine;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** The accounts Flotilla deploys into (configuration and registry). */
  public Accounts accounts() {
    return accounts;
  }

  /** The cluster's orphan sweeper: Flotilla-tagged stacks no endpoint knows. */
  public Sweeper sweeper() {
    return sweeper;
  }

  /** The fleet view: every service's status, kept by a projection of the endpoint events. */
  public FleetView fleet() {
    return fleet;
  }

  /** Bulk releases: many services in one request, bounded concurrency, a failure budget. */
  public BulkReleases bulkReleases() {
    return bulkReleases;
  }

  /** Whether this node can reach Cassandra, as its probe last found. */
  public CassandraHealth cassandraHealth() {
    return health;
  }

  public EngineSettings settings() {
    return settings;
  }

  public ActorSystem<?> system() {
    return system;
  }
}
