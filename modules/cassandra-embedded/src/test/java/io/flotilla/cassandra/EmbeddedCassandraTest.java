package io.flotilla.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCassandraTest {

  @TempDir Path dataDirectory;

  @Test
  void keepsDataAcrossRestartsAndKills() throws IOException {
    try (EmbeddedCassandra cassandra = newServer(dataDirectory)) {
      timedStart(cassandra, "first start");
      try (CqlSession session = connect(cassandra)) {
        session.execute("CREATE KEYSPACE flotilla_test WITH replication = "
            + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE flotilla_test.releases (service text PRIMARY KEY, version text)");
        session.execute("INSERT INTO flotilla_test.releases (service, version) VALUES ('checkout', 'v1')");
      }
      cassandra.stop();
      assertFalse(cassandra.isRunning());

      timedStart(cassandra, "restart after stop");
      try (CqlSession session = connect(cassandra)) {
        assertEquals("v1", versionOf(session, "checkout"));
        session.execute("INSERT INTO flotilla_test.releases (service, version) VALUES ('search', 'v7')");
      }
      cassandra.kill();
      assertFalse(cassandra.isRunning());

      timedStart(cassandra, "restart after kill");
      try (CqlSession session = connect(cassandra)) {
        assertEquals("v1", versionOf(session, "checkout"));
        assertEquals("v7", versionOf(session, "search"));
      }
    }
  }

  @Test
  void reusesARunningServerOnlyWhenAsked() throws IOException {
    try (FakeCqlServer running = FakeCqlServer.start()) {
      EmbeddedCassandra.Builder second = EmbeddedCassandra.builder(dataDirectory).cqlPort(running.port());

      CassandraStartupException refused = assertThrows(CassandraStartupException.class, () -> second.build().start());
      assertTrue(refused.getMessage().contains("reuseIfRunning"), refused.getMessage());

      try (EmbeddedCassandra reusing = second.reuseIfRunning(true).build()) {
        reusing.start();
        assertTrue(reusing.isRunning());
        reusing.stop();
      }
      assertTrue(running.isOpen(), "stopping a reused server must leave it running");
    }
  }

  @Test
  void refusesAPortTakenBySomethingElse() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      EmbeddedCassandra cassandra = EmbeddedCassandra.builder(dataDirectory)
          .cqlPort(squatter.getLocalPort())
          .reuseIfRunning(true)
          .build();

      CassandraStartupException refused = assertThrows(CassandraStartupException.class, cassandra::start);
      assertTrue(refused.getMessage().contains("does not speak CQL"), refused.getMessage());
      assertFalse(cassandra.isRunning());
    }
  }

  @Test
  void reportsTheServerLogWhenItDiesDuringStartup() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      EmbeddedCassandra cassandra = EmbeddedCassandra.builder(dataDirectory)
          .cqlPort(freePort())
          .storagePort(squatter.getLocalPort())
          .build();

      CassandraStartupException failure = assertThrows(CassandraStartupException.class, cassandra::start);
      assertTrue(failure.getMessage().contains("exited with code"), failure.getMessage());
      assertTrue(failure.getMessage().contains(cassandra.logFile().toString()), failure.getMessage());
      assertTrue(failure.getMessage().contains("in use by another process"), failure.getMessage());
      assertFalse(cassandra.isRunning());
    }
  }

  private static EmbeddedCassandra newServer(Path dataDirectory) throws IOException {
    return EmbeddedCassandra.builder(dataDirectory)
        .cqlPort(freePort())
        .storagePort(freePort())
        .startupTimeout(Duration.ofSeconds(120))
        .build();
  }

  private static void timedStart(EmbeddedCassandra cassandra, String what) {
    long started = System.nanoTime();
    cassandra.start();
    System.out.printf("Embedded Cassandra %s took %d ms%n", what, (System.nanoTime() - started) / 1_000_000);
    assertTrue(cassandra.isRunning());
  }

  private static CqlSession connect(EmbeddedCassandra cassandra) {
    // schema changes on a fresh node of a loaded machine can take longer than the driver's 2 s default
    return CqlSession.builder()
        .addContactPoint(cassandra.contactAddress())
        .withLocalDatacenter(EmbeddedCassandra.DATACENTER)
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30)).build())
        .build();
  }

  private static String versionOf(CqlSession session, String service) {
    Row row = session.execute("SELECT version FROM flotilla_test.releases WHERE service = ?", service).one();
    assertNotNull(row, "no row for " + service);
    return row.getString("version");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
