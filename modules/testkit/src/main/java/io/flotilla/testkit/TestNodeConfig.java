package io.flotilla.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configuration for a Flotilla node in tests: a one-node cluster on loopback (Pekko Management on any free port),
 * journal and snapshots in their own keyspaces of the shared test Cassandra (so tests do not see each other's data),
 * and fast engine timings.
 */
public final class TestNodeConfig {
  /** Engine timings for tests: reconcile every second, quick polls and retries. */
  public static final String FAST_ENGINE = """
      flotilla.engine {
        reconcile-interval = 1s
        inventory-max-age = 300ms
        provision-poll-interval = 200ms
        retry-min-backoff = 50ms
        retry-max-backoff = 1s
      }
      """;

  /**
   * The Cassandra driver's request timeout for test nodes. The default of 2 s fails statements (table creation, the
   * first writes of a fresh keyspace) when a full build loads this machine's two cores; a production node keeps it.
   */
  public static final String PATIENT_DRIVER = """
      datastax-java-driver.basic.request.timeout = 20s
      """;

  /**
   * The bearer token test clients send ({@code Authorization: Bearer ...}): test nodes are configured with it as an
   * admin token.
   */
  public static final String ADMIN_TOKEN = "flotilla-test-admin-7c1f9e2a";

  /**
   * {@code flotilla.auth} of test nodes: {@link #ADMIN_TOKEN} as an admin named {@code test-admin}, and a rate limit
   * on changes no test reaches (BulkReleaseScaleTest registers 10,000 services with 16 parallel PUTs); RateLimitTest
   * sets its own.
   */
  public static final String ADMIN_AUTH = """
      flotilla.auth.tokens = [{name = test-admin, role = admin, sha256 = "%s"}]
      flotilla.auth.rate-limit { mutations-per-second = 1000000, burst = 1000000 }
      """.formatted(sha256Hex(ADMIN_TOKEN));

  private static final AtomicInteger KEYSPACES = new AtomicInteger();
  /**
   * Tag queries from no offset (the fleet view's first run) scan every hourly bucket from the first one; keyspaces
   * here are fresh, so the first bucket is the hour before this JVM started.
   */
  private static final String FIRST_TIME_BUCKET = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm")
      .format(LocalDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.HOURS));

  private TestNodeConfig() {}

  /** The SHA-256 of a token as {@code flotilla.auth} takes it: 64 lowercase hex characters. */
  public static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh keyspace name, unique within this JVM run. */
  public static String newKeyspace(String prefix) {
    return (prefix + "_" + ProcessHandle.current().pid() + "_" + KEYSPACES.incrementAndGet())
        .toLowerCase().replaceAll("[^a-z0-9_]", "_");
  }

  /** Node configuration on the shared test Cassandra with a fresh keyspace. */
  public static Config node(String keyspacePrefix) {
    return node(TestCassandra.contactPoint(), newKeyspace(keyspacePrefix), 0);
  }

  /**
   * @param contactPoint Cassandra {@code host:port}
   * @param keyspace journal keyspace; snapshots use {@code <keyspace>_snapshot}
   * @param remotingPort Artery port (0: any free one)
   */
  public static Config node(String contactPoint, String keyspace, int remotingPort) {
    String text = """
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.management.http.port = 0
        pekko.loglevel = INFO
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.persistence.cassandra.journal.keyspace = %s
        pekko.persistence.cassandra.snapshot.keyspace = %s_snapshot
        pekko.projection.cassandra.offset-store.keyspace = %s
        pekko.persistence.cassandra.events-by-tag.first-time-bucket = "%s"
        datastax-java-driver.basic.contact-points = ["%s"]
        flotilla.cassandra.embedded = off
        flotilla.cassandra.contact-point = "%s"
        """.formatted(remotingPort, keyspace, keyspace, keyspace, FIRST_TIME_BUCKET, contactPoint,
            contactPoint) + FAST_ENGINE + PATIENT_DRIVER + ADMIN_AUTH;
    return ConfigFactory.parseString(text)
        .withFallback(ConfigFactory.parseResources("flotilla-persistence.conf"))
        .withFallback(ConfigFactory.load());
  }
}
