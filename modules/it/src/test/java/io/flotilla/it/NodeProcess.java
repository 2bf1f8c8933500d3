package io.flotilla.it;

import io.flotilla.testkit.TestCassandra;
import io.flotilla.testkit.TestNodeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Flotilla node in its own JVM process (the server's {@code Main node}), on the test Cassandra and a cloud the test
 * serves: a local cloud over its control API, or a fake AWS. {@link #kill()} is SIGKILL: no shutdown hooks, no graceful
 * leave; {@link #terminate()} is SIGTERM: the node leaves the cluster gracefully and exits.
 */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final String apiUrl;
  private final String managementUrl;
  private final Path log;

  private NodeProcess(Process process, String apiUrl, String managementUrl, Path log) {
    this.process = process;
    this.apiUrl = apiUrl;
    this.managementUrl = managementUrl;
    this.log = log;
  }

  static NodeProcess start(String name, String keyspace, String cloudUrl) throws IOException {
    return startWith(name, keyspace, """
        flotilla.cloud.kind = remote-local
        flotilla.cloud.remote-local.url = "%s"
        """.formatted(cloudUrl));
  }

  /** A node whose cloud is configured by {@code cloudConfig} (HOCON, e.g. {@code flotilla.cloud.kind = aws ...}). */
  static NodeProcess startWith(String name, String keyspace, String cloudConfig) throws IOException {
    return startWith(name, keyspace, cloudConfig, Duration.ofSeconds(90));
  }

  /**
   * As {@link #startWith(String, String, String)}, waiting up to {@code readyWithin} for {@code /readyz}; a node not
   * ready by then is killed, so a failed start leaves no process behind.
   */
  static NodeProcess startWith(String name, String keyspace, String cloudConfig, Duration readyWithin)
      throws IOException {
    int httpPort = TestCassandra.freePort();
    int managementPort = TestCassandra.freePort();
    Path directory = Files.createDirectories(Path.of("target", "nodes"));
    Path config = directory.resolve(name + ".conf");
    Files.writeString(config, """
        flotilla.http.port = %d
        pekko.management.http.port = %d
        flotilla.cassandra.embedded = off
        flotilla.cassandra.contact-point = "%s"
        pekko.remote.artery.canonical.port = %d
        pekko.persistence.cassandra.journal.keyspace = %s
        pekko.persistence.cassandra.snapshot.keyspace = %s_snapshot
        """.formatted(httpPort, managementPort, TestCassandra.contactPoint(), TestCassandra.freePort(), keyspace,
        keyspace) + cloudConfig + TestNodeConfig.FAST_ENGINE + TestNodeConfig.PATIENT_DRIVER
        + TestNodeConfig.ADMIN_AUTH);
    Path log = directory.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "io.flotilla.server.Main", "node", "--config", config.toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    NodeProcess node = new NodeProcess(process, "http://127.0.0.1:" + httpPort,
        "http://127.0.0.1:" + managementPort, log);
    try {
      node.awaitHealthy(readyWithin);
    } catch (AssertionError notReady) {
      process.destroyForcibly();
      throw notReady;
    }
    return node;
  }

  private void awaitHealthy(Duration readyWithin) {
    HttpClient http = HttpClient.newHttpClient();
    Eventually.until(readyWithin, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("node exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      try {
        return http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/readyz")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, "node " + log.getFileName() + " to be ready");
  }

  String apiUrl() {
    return apiUrl;
  }

  /** Pekko Management's base URL ({@code /ready}, {@code /alive}). */
  String managementUrl() {
    return managementUrl;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as an orchestrator stopping the node would; returns at once (see {@link #awaitExit(Duration)}). */
  void terminate() {
    process.destroy();
  }

  /** Waits for the process to end and returns its exit status; fails if it is still running after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node still running after " + timeout + "; see " + log.toAbsolutePath());
    }
    return process.exitValue();
  }

  /** SIGKILL, as a crashed machine would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
