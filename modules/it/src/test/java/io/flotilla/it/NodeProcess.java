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

/**
 * A Flotilla node in its own JVM process (the server's {@code Main node}), on the test Cassandra and a cloud the test
 * serves: a local cloud over its control API, or a fake AWS. {@link #kill()} is SIGKILL: no shutdown hooks, no graceful leave.
 */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final String apiUrl;
  private final Path log;

  private NodeProcess(Process process, String apiUrl, Path log) {
    this.process = process;
    this.apiUrl = apiUrl;
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
    Path directory = Files.createDirectories(Path.of("target", "nodes"));
    Path config = directory.resolve(name + ".conf");
    Files.writeString(config, """
        flotilla.http.port = %d
        flotilla.cassandra.embedded = off
        flotilla.cassandra.contact-point = "%s"
        pekko.remote.artery.canonical.port = %d
        pekko.persistence.cassandra.journal.keyspace = %s
        pekko.persistence.cassandra.snapshot.keyspace = %s_snapshot
        """.formatted(httpPort, TestCassandra.contactPoint(), TestCassandra.freePort(), keyspace,
        keyspace) + cloudConfig + TestNodeConfig.FAST_ENGINE + TestNodeConfig.PATIENT_DRIVER);
    Path log = directory.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "io.flotilla.server.Main", "node", "--config", config.toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    NodeProcess node = new NodeProcess(process, "http://127.0.0.1:" + httpPort, log);
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
