package io.flotilla.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.flotilla.api.FlotillaApi;
import io.flotilla.cassandra.EmbeddedCassandra;
import io.flotilla.engine.FlotillaEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of one Flotilla node: Cassandra (embedded or configured), the actor system and its cluster
 * membership, the cloud, the engine and the HTTP API. Coordinated shutdown unbinds HTTP first, then stops the rest.
 */
public final class FlotillaNode {
  private static final Logger log = LoggerFactory.getLogger(FlotillaNode.class);

  private final ActorSystem<Void> system;
  private final FlotillaEngine engine;
  private final ServerBinding binding;
  private final CloudBoot.Started cloud;
  private final String cassandraContactPoint;
  private final EmbeddedCassandra cassandra;

  private FlotillaNode(ActorSystem<Void> system, FlotillaEngine engine, ServerBinding binding,
      CloudBoot.Started cloud, String cassandraContactPoint, EmbeddedCassandra cassandra) {
    this.system = system;
    this.engine = engine;
    this.binding = binding;
    this.cloud = cloud;
    this.cassandraContactPoint = cassandraContactPoint;
    this.cassandra = cassandra;
  }

  /** Starts a node from configuration (application.conf plus overrides) and blocks until its HTTP port is bound. */
  public static FlotillaNode start(Config config) throws Exception {
    return start(config, null);
  }

  /**
   * Starts a node with a cloud built by the caller (tests pass a local cloud they inspect and inject faults into);
   * {@code null} builds the one configured.
   */
  public static FlotillaNode start(Config config, CloudBoot.Started givenCloud) throws Exception {
    ServerSettings settings = ServerSettings.from(config);
    EmbeddedCassandra cassandra = null;
    String contactPoint = settings.cassandraContactPoint();
    if (settings.embeddedCassandra()) {
      cassandra = EmbeddedCassandra.builder(settings.cassandraData().toAbsolutePath())
          .cqlPort(settings.cassandraPort())
          .reuseIfRunning(true)
          // stopped by the node after the actor system has terminated, so the journal's last writes land
          .stopOnJvmExit(false)
          .build();
      log.info("starting embedded Cassandra on port {} (data in {})", settings.cassandraPort(),
          settings.cassandraData());
      cassandra.start();
      contactPoint = cassandra.contactPoint();
    }
    Config withCassandra = config.withValue("datastax-java-driver.basic.contact-points",
        ConfigValueFactory.fromIterable(List.of(contactPoint)));
    // the AWS cloud looks accounts up in the registry, which the engine starts after the cloud
    AtomicReference<FlotillaEngine> engineRef = new AtomicReference<>();
    CloudBoot.Started cloud = givenCloud != null ? givenCloud : CloudBoot.start(settings, config,
        () -> engineRef.get() == null ? null : engineRef.get().accounts());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "flotilla", withCassandra);
    Cluster cluster = Cluster.get(system);
    if (withCassandra.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    FlotillaEngine engine = FlotillaEngine.init(system, cloud.provider(), Clock.systemUTC());
    engineRef.set(engine);
    ServerBinding binding = Http.get(system).newServerAt(settings.httpHost(), settings.httpPort())
        .withSettings(FlotillaApi.serverSettings(system))
        .bind(FlotillaApi.routes(engine, system, FlotillaApi.Parts.cassandra(engine, system).withMetrics(cloud.metrics())))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    FlotillaNode node = new FlotillaNode(system, engine, binding, cloud, contactPoint, cassandra);
    node.registerShutdown();
    if (cassandra != null) {
      EmbeddedCassandra started = cassandra;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          log.warn("actor system did not terminate in time; stopping Cassandra anyway");
        }
        started.stop();
      }, "flotilla-cassandra-stop"));
    }
    return node;
  }

  private void registerShutdown() {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind",
        () -> binding.unbind().thenApply(ignored -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-drain",
        () -> binding.terminate(Duration.ofSeconds(5)).thenApply(ignored -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "cloud-close", () -> {
      try {
        cloud.closer().close();
      } catch (Exception e) {
        log.warn("closing the cloud failed: {}", e.toString());
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  /** Stops the node (coordinated shutdown), then the embedded Cassandra it started. */
  public CompletionStage<Done> stop() {
    system.terminate();
    return system.getWhenTerminated().thenApply(done -> {
      if (cassandra != null) {
        cassandra.stop();
      }
      return done;
    });
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public FlotillaEngine engine() {
    return engine;
  }

  public String apiUrl() {
    return "http://" + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort();
  }

  public CloudBoot.Started cloud() {
    return cloud;
  }

  public String cassandraContactPoint() {
    return cassandraContactPoint;
  }

}
