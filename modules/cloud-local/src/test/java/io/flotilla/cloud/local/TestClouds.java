package io.flotilla.cloud.local;

import static org.junit.jupiter.api.Assertions.fail;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.model.EndpointAddress;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.RuntimeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared fixtures: a fast local cloud, requests, and waiting for eventually-true conditions. */
final class TestClouds {
  static final Placement LOCAL = new Placement("local", "local");
  static final Placement OTHER = new Placement("team-b", "eu-west-1");
  static final Duration DEADLINE = Duration.ofSeconds(15);

  private TestClouds() {}

  static DemoCatalog testCatalog() {
    try (InputStream in = TestClouds.class.getResourceAsStream("/test-catalog.yaml")) {
      return DemoCatalog.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "test-catalog.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Health checks every 100 ms and 200 ms startups: environments are healthy in about half a second. */
  static LocalCloudConfig fastConfig() {
    return LocalCloudConfig.defaults().withCatalog(testCatalog()).withHealthCheckInterval(Duration.ofMillis(100));
  }

  static LocalCloud fastCloud() {
    return LocalCloud.start(fastConfig());
  }

  static EnvironmentRequest request(Placement placement, String service, String version, int instances) {
    String id = service + "-" + version;
    RuntimeSpec runtime = new RuntimeSpec("t3.small", instances, instances + 2, 8080, List.of(), Map.of(),
        new HealthCheck("/health", 10, 2));
    return new EnvironmentRequest(id, placement, service, version, 1, "demo/" + service, runtime,
        Map.of(Tags.OWNER, "flotilla"));
  }

  static EndpointRef endpoint(Placement placement, String service) {
    return new EndpointRef(placement, service, new EndpointAddress(service + ".local", 0));
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new AssertionError("cloud call failed: " + cause, cause);
    }
  }

  /** The CloudException a stage failed with. */
  static CloudException failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof CloudException cloud) {
        return cloud;
      }
      throw new AssertionError("expected a CloudException, got " + e.getCause(), e.getCause());
    }
    throw new AssertionError("expected the call to fail");
  }

  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not true within " + DEADLINE.toSeconds() + " s: " + what);
      }
      sleep(50);
    }
  }

  static EnvironmentInfo awaitStatus(EnvironmentPort port, Placement placement, String id, EnvironmentStatus status) {
    eventually(id + " " + status, () -> await(port.describe(placement, id))
        .map(info -> info.status() == status).orElse(false));
    return await(port.describe(placement, id)).orElseThrow();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
