package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.testkit.TestCassandra;
import io.flotilla.testkit.TestNodeConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How a node starts with respect to authentication, as the server's {@code Main} runs it: a plain node without any
 * token refuses to start, saying which setting to fix; {@code dev} makes an admin token, prints it as
 * {@code token: ...}, and that token (and only a token) opens the API.
 */
class StartupAuthTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aNodeWithoutAnyTokenRefusesToStartAndSaysWhatToSet() throws Exception {
    Path config = config("no-token", TestNodeConfig.newKeyspace("notoken"), TestCassandra.freePort());
    Process process = main("node", config).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the node should exit");
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("cannot start: flotilla.auth: no token is configured"), output);
    assertTrue(output.contains("flotilla.auth.mode = off"), output);
  }

  @Test
  void devPrintsAnAdminTokenThatOpensTheApi() throws Exception {
    int port = TestCassandra.freePort();
    Path config = config("dev", TestNodeConfig.newKeyspace("devtoken"), port);
    Process process = main("dev", config).redirectErrorStream(true).start();
    AtomicReference<String> token = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("token: ")) {
            token.set(line.substring("token: ".length()));
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "dev-output");
    reader.setDaemon(true);
    reader.start();
    try {
      Eventually.until(WAIT, () -> token.get() != null || !process.isAlive(), "the dev node to print its token");
      assertTrue(token.get() != null && token.get().startsWith("fl_"), "token line: " + token.get());
      String url = "http://127.0.0.1:" + port;
      ApiClient dev = new ApiClient(url, token.get());
      Eventually.until(WAIT, () -> dev.get("/api/v1/services").status() == 200, "the API to answer the dev token");
      assertEquals(401, ApiClient.withAuthorization(url, null).get("/api/v1/services").status());
      assertEquals(401, new ApiClient(url, TestNodeConfig.ADMIN_TOKEN).get("/api/v1/services").status(),
          "dev configures its own token only");
    } finally {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A node configuration on the shared test Cassandra with no token in it; no example specs, no demo. */
  private static Path config(String name, String keyspace, int httpPort) throws IOException {
    Path directory = Files.createDirectories(Path.of("target", "nodes"));
    Path config = directory.resolve(name + "-auth.conf");
    Files.writeString(config, """
        flotilla.http.port = %d
        flotilla.cassandra.embedded = off
        flotilla.cassandra.contact-point = "%s"
        flotilla.cloud.kind = local
        flotilla.cloud.local.control-port = %d
        flotilla.dev.examples = "target/no-examples"
        pekko.remote.artery.canonical.port = %d
        pekko.persistence.cassandra.journal.keyspace = %s
        pekko.persistence.cassandra.snapshot.keyspace = %s_snapshot
        """.formatted(httpPort, TestCassandra.contactPoint(), TestCassandra.freePort(), TestCassandra.freePort(),
        keyspace, keyspace) + TestNodeConfig.PATIENT_DRIVER);
    return config;
  }

  private static ProcessBuilder main(String mode, Path config) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "io.flotilla.server.Main", mode, "--config", config.toString()));
  }
}
