package io.flotilla.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.flotilla.api.AuthSettings;
import io.flotilla.api.FlotillaApi;
import io.flotilla.cassandra.EmbeddedCassandra;
import io.flotilla.engine.FlotillaEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root of one Flotilla node: Cassandra (embedded or configured), the actor system, Pekko Management (health
 * checks, Cluster Bootstrap) and the cluster membership, the cloud, the engine and the HTTP API. Coordinated shutdown
 * unbinds HTTP first, lets requests in flight finish, then Pekko hands the shards off and the member leaves.
 */
public final class FlotillaNode {
  /** The actor system's name: every member address is {@code pekko://flotilla@host:port}. */
  public static final String SYSTEM_NAME = "flotilla";
  private static final Logger log = LoggerFactory.getLogger(FlotillaNode.class);

  private final ActorSystem<Void> system;
  private final FlotillaEngine engine;
  private final ServerBinding binding;
  private final Uri managementUri;
  private final CloudBoot.Started cloud;
  private final String cassandraContactPoint;
  private final EmbeddedCassandra cassandra;
  private final boolean https;

  private FlotillaNode(ActorSystem<Void> system, FlotillaEngine engine, ServerBinding binding, Uri managementUri,
      CloudBoot.Started cloud, String cassandraContactPoint, EmbeddedCassandra cassandra, boolean https) {
    this.https = https;
    this.system = system;
    this.engine = engine;
    this.binding = binding;
    this.managementUri = managementUri;
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
    ClusterFormation formation = ClusterFormation.from(config);
    // before anything starts: a node with no way to authenticate a request does not start at all
    AuthSettings auth = AuthSettings.from(config);
    Optional<HttpsConnectionContext> https = HttpsContext.from(config);
    if (auth.mode() == AuthSettings.Mode.OFF) {
      log.warn("flotilla.auth.mode = off: the API answers every request without authentication, as an admin");
    } else {
      log.info("API authentication: {} bearer token(s) configured ({})", auth.tokens().size(),
          String.join(", ", auth.tokens().stream().map(token -> token.name() + "=" + token.role().display()).toList()));
    }
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
    Config withCassandra = formation.applyTo(config.withValue("datastax-java-driver.basic.contact-points",
        ConfigValueFactory.fromIterable(List.of(contactPoint))));
    // the AWS cloud looks accounts up in the registry, which the engine starts after the cloud
    AtomicReference<FlotillaEngine> engineRef = new AtomicReference<>();
    CloudBoot.Started cloud = givenCloud != null ? givenCloud : CloudBoot.start(settings, config,
        () -> engineRef.get() == null ? null : engineRef.get().accounts());
    NodeHealth health = new NodeHealth();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, health.setup(withCassandra));
    // before joining: Cluster Bootstrap's contact point is served by Pekko Management
    Uri managementUri = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    formation.join(system);
    FlotillaEngine engine = FlotillaEngine.init(system, cloud.provider(), Clock.systemUTC());
    engineRef.set(engine);
    FlotillaApi.Parts parts = FlotillaApi.Parts.cassandra(engine, system).withMetrics(cloud.metrics());
    health.install(parts.readiness());
    ServerBuilder server = Http.get(system).newServerAt(settings.httpHost(), settings.httpPort())
        .withSettings(FlotillaApi.serverSettings(system));
    ServerBinding binding = (https.isPresent() ? server.enableHttps(https.get()) : server)
        .bind(FlotillaApi.routes(engine, system, parts))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    FlotillaNode node = new FlotillaNode(system, engine, binding, managementUri, cloud, contactPoint, cassandra,
        https.isPresent());
    node.registerShutdown(settings.httpDrain());
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

  private void registerShutdown(Duration drain) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind",
        () -> binding.unbind().thenApply(ignored -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-drain",
        () -> binding.terminate(drain).thenApply(ignored -> Done.getInstance()));
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
    return (https ? "https://" : "http://") + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort();
  }

  /** Pekko Management's base URL: {@code /ready}, {@code /alive}, {@code /cluster/members}. */
  public String managementUrl() {
    return managementUri.toString().replaceAll("/$", "");
  }

  public CloudBoot.Started cloud() {
    return cloud;
  }

  public String cassandraContactPoint() {
    return cassandraContactPoint;
  }

}
