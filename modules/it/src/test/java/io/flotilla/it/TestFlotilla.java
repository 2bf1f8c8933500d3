package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.server.CloudBoot;
import io.flotilla.server.FlotillaNode;
import io.flotilla.testkit.TestCassandra;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Flotilla node in the test JVM on the shared test Cassandra (fresh keyspace), driving a local cloud the test
 * can inspect and inject faults into, with its HTTP API on a free loopback port.
 */
final class TestFlotilla implements AutoCloseable {
  static final Placement LOCAL = new Placement("local", "local");

  final LocalCloud cloud;
  final FlotillaNode node;
  final ApiClient api;

  private TestFlotilla(LocalCloud cloud, FlotillaNode node) {
    this.cloud = cloud;
    this.node = node;
    this.api = new ApiClient(node.apiUrl());
  }

  static TestFlotilla start(String name) throws Exception {
    return startOn(TestNodeConfig.newKeyspace(name));
  }

  /** A node on a given keyspace: a second node on the same keyspace sees everything the first persisted. */
  static TestFlotilla startOn(String keyspace) throws Exception {
    return startOn(keyspace, "");
  }

  /** A node with more configuration (HOCON) over the test defaults. */
  static TestFlotilla startWith(String name, String extraConfig) throws Exception {
    return startOn(TestNodeConfig.newKeyspace(name), extraConfig);
  }

  /** A node with {@code overrides} (HOCON) over the test configuration, on a local cloud made from {@code cloudConfig}. */
  static TestFlotilla start(String name, LocalCloudConfig cloudConfig, String overrides) throws Exception {
    return startOn(TestNodeConfig.newKeyspace(name), cloudConfig, overrides);
  }

  /**
   * A node on a Cassandra of the test's own at {@code contactPoint} (one the test stops and starts), on a local cloud
   * made from {@code cloudConfig}, with {@code overrides} (HOCON) over the test configuration.
   */
  static TestFlotilla startOnCassandra(String contactPoint, String name, LocalCloudConfig cloudConfig,
      String overrides) throws Exception {
    LocalCloud cloud = LocalCloud.start(cloudConfig);
    Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString("""
        flotilla.http.port = 0
        flotilla.cassandra.embedded = off
        """)).withFallback(TestNodeConfig.node(contactPoint, TestNodeConfig.newKeyspace(name), 0));
    FlotillaNode node = FlotillaNode.start(config,
        new CloudBoot.Started(cloud.provider(), "test local cloud", null, cloud::close));
    return new TestFlotilla(cloud, node);
  }

  private static TestFlotilla startOn(String keyspace, String extraConfig) throws Exception {
    return startOn(keyspace, LocalCloudConfig.defaults().withHealthCheckInterval(Duration.ofMillis(200)), extraConfig);
  }

  private static TestFlotilla startOn(String keyspace, LocalCloudConfig cloudConfig, String extraConfig)
      throws Exception {
    LocalCloud cloud = LocalCloud.start(cloudConfig);
    Config config = ConfigFactory.parseString(extraConfig).withFallback(ConfigFactory.parseString("""
        flotilla.http.port = 0
        flotilla.cassandra.embedded = off
        """)).withFallback(TestNodeConfig.node(TestCassandra.contactPoint(), keyspace, 0));
    FlotillaNode node = FlotillaNode.start(config,
        new CloudBoot.Started(cloud.provider(), "test local cloud", null, cloud::close));
    return new TestFlotilla(cloud, node);
  }

  /**
   * Registers a service from a YAML spec and asserts it was accepted. The first requests to a fresh node can time out
   * (503) while sharding settles on a busy machine; the same PUT is safe to repeat, so those are retried.
   */
  void register(String yaml) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    ApiClient.Response response = api.putYaml("/api/v1/services/" + nameOf(yaml), yaml);
    while (response.status() == 503 && System.nanoTime() < deadline) {
      Eventually.sleep(200);
      response = api.putYaml("/api/v1/services/" + nameOf(yaml), yaml);
    }
    if (response.status() / 100 != 2) {
      throw new AssertionError("spec rejected: " + response.status() + " " + response.text());
    }
  }

  /** Waits until the service has no release in flight and returns its status. */
  JsonNode awaitIdle(String service, Duration timeout) {
    return Eventually.value(timeout, () -> {
      JsonNode status = api.status(service);
      return status.path("activeRelease").isMissingNode() || status.path("activeRelease").isNull() ? status : null;
    }, service + " to finish its release");
  }

  /** Waits until the active release is in {@code phase} at {@code step}. */
  JsonNode awaitPhase(String service, String phase, int step, Duration timeout) {
    return Eventually.value(timeout, () -> {
      JsonNode active = api.status(service).path("activeRelease");
      return phase.equals(active.path("phase").asText()) && active.path("step").asInt() == step ? active : null;
    }, service + " to reach " + phase + " at step " + step);
  }

  /** The phase of the last finished release. */
  static String lastOutcome(JsonNode status) {
    JsonNode history = status.path("history");
    return history.get(history.size() - 1).path("phase").asText();
  }

  private static String nameOf(String yaml) {
    for (String line : yaml.split("\n")) {
      if (line.startsWith("name:")) {
        return line.substring(5).trim();
      }
    }
    throw new IllegalArgumentException("spec has no name");
  }

  @Override
  public void close() throws Exception {
    node.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
