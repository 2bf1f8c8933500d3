package io.flotilla.testkit;

import io.flotilla.cassandra.EmbeddedCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real Cassandra per test JVM, shared by all tests in it. By default an {@link EmbeddedCassandra} forked from
 * the Maven artifacts on a free port, with fresh data under {@code target/test-cassandra}; set
 * {@code FLOTILLA_TEST_CASSANDRA=host:port} to use a server that is already running instead. Tests isolate
 * themselves by keyspace (see {@link TestNodeConfig}).
 */
public final class TestCassandra {
  private static EmbeddedCassandra server;
  private static String contactPoint;

  private TestCassandra() {}

  /** Starts the shared server on first use and returns its contact point, {@code host:port}. */
  public static synchronized String contactPoint() {
    if (contactPoint != null) {
      return contactPoint;
    }
    String external = System.getenv("FLOTILLA_TEST_CASSANDRA");
    if (external != null && !external.isBlank()) {
      contactPoint = external.trim();
      return contactPoint;
    }
    Path dataDirectory = Path.of("target", "test-cassandra").toAbsolutePath();
    deleteRecursively(dataDirectory);
    server = EmbeddedCassandra.builder(dataDirectory)
        .cqlPort(freePort())
        .storagePort(freePort())
        .startupTimeout(Duration.ofMinutes(3))
        .stopOnJvmExit(true)
        .build();
    server.start();
    contactPoint = server.contactPoint();
    return contactPoint;
  }

  /** The embedded server, for tests that stop or kill it; empty when an external server is used. */
  public static synchronized java.util.Optional<EmbeddedCassandra> embedded() {
    contactPoint();
    return java.util.Optional.ofNullable(server);
  }

  /** A free TCP port on loopback. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
