package io.flotilla.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flotilla.api.AuthSettings;
import io.flotilla.cassandra.EmbeddedCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a Flotilla node. {@code dev} runs the embedded default (embedded Cassandra, local cloud, example specs,
 * background traffic, and an admin token made at start and printed as {@code token: ...}); {@code node} runs a plain
 * node, which needs tokens configured in {@code flotilla.auth}; {@code cassandra} runs only the embedded Cassandra of
 * {@code flotilla.cassandra} (port, data directory) until the process is told to stop, for several nodes to share
 * (deploy/local). {@code --config FILE} layers a HOCON file over the defaults.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    if (arguments.isEmpty() || arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println("usage: flotilla-server (dev | node | cassandra) [--config FILE]");
      System.exit(arguments.isEmpty() ? 2 : 0);
    }
    String mode = arguments.get(0);
    if (!List.of("dev", "node", "cassandra").contains(mode)) {
      System.err.println("unknown mode '" + mode + "': expected dev, node or cassandra");
      System.exit(2);
    }
    Config config = ConfigFactory.load();
    int configIndex = arguments.indexOf("--config");
    if (configIndex >= 0) {
      if (configIndex + 1 >= arguments.size() || !Files.isRegularFile(Path.of(arguments.get(configIndex + 1)))) {
        System.err.println("--config needs an existing file");
        System.exit(2);
      }
      // system properties still win over the file, the file over application.conf
      config = ConfigFactory.defaultOverrides()
          .withFallback(ConfigFactory.parseFile(Path.of(arguments.get(configIndex + 1)).toFile()))
          .withFallback(ConfigFactory.defaultApplication())
          .withFallback(ConfigFactory.defaultReference())
          .resolve();
    }
    if (mode.equals("cassandra")) {
      runCassandra(ServerSettings.from(config));
      return;
    }
    String devToken = null;
    if (mode.equals("dev")) {
      devToken = DevToken.generate();
      config = DevToken.withAdmin(config, devToken);
    }
    try {
      AuthSettings.from(config);
    } catch (IllegalArgumentException e) {
      System.err.println("cannot start: " + e.getMessage());
      System.exit(2);
    }
    ServerSettings settings = ServerSettings.from(config);
    System.out.println("Flotilla " + mode + ": starting" + (settings.embeddedCassandra()
        ? " (embedded Cassandra on port " + settings.cassandraPort() + ", data in " + settings.cassandraData()
        + "; the first start takes ~15 s)" : ""));
    FlotillaNode node = FlotillaNode.start(config);
    GracefulTermination.install(node.system());
    System.out.println("Flotilla is up");
    System.out.println("  dashboard  " + node.apiUrl() + "/");
    System.out.println("  API        " + node.apiUrl() + "/api/v1/services");
    System.out.println("  events     " + node.apiUrl() + "/api/v1/events   (SSE: curl -N -H 'Accept: text/event-stream' "
        + "-H \"Authorization: Bearer $FLOTILLA_TOKEN\")");
    System.out.println("  health     " + node.apiUrl() + "/readyz   (management: " + node.managementUrl() + "/ready)");
    System.out.println("  cloud      " + node.cloud().description());
    if (node.cloud().controlUrl() != null) {
      System.out.println("  faults     " + node.cloud().controlUrl() + "   (local cloud control API)");
    }
    System.out.println("  cassandra  " + node.cassandraContactPoint());
    if (devToken != null) {
      // the line tools look for; the token is this run's only, and is kept nowhere else
      System.out.println("token: " + devToken);
      System.out.println("  (an admin token for this run; the dashboard asks for it, the CLI takes it from --token, "
          + "$FLOTILLA_TOKEN or 'token:' in its config file:  export FLOTILLA_TOKEN=" + devToken + ")");
    }
    if (mode.equals("dev")) {
      System.out.println("Example services:");
      new DevMode(node, settings, System.out).start();
    }
    node.system().getWhenTerminated().toCompletableFuture().join();
  }

  /** Runs the embedded Cassandra alone; SIGTERM stops it gracefully (it drains) through its JVM shutdown hook. */
  private static void runCassandra(ServerSettings settings) throws InterruptedException {
    EmbeddedCassandra cassandra = EmbeddedCassandra.builder(settings.cassandraData().toAbsolutePath())
        .cqlPort(settings.cassandraPort())
        .build();
    System.out.println("Cassandra: starting on port " + settings.cassandraPort() + " (data in "
        + settings.cassandraData() + "; the first start takes ~15 s)");
    cassandra.start();
    System.out.println("Cassandra is up on " + cassandra.contactPoint() + " (log " + cassandra.logFile() + ")");
    new CountDownLatch(1).await();
  }
}
