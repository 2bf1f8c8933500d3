package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.TestClouds.LOCAL;
import static io.flotilla.cloud.local.TestClouds.await;
import static io.flotilla.cloud.local.TestClouds.awaitStatus;
import static io.flotilla.cloud.local.TestClouds.endpoint;
import static io.flotilla.cloud.local.TestClouds.failureOf;
import static io.flotilla.cloud.local.TestClouds.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.TrafficSplit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteLocalCloudTest {
  private final LocalCloud cloud = TestClouds.fastCloud();
  private final LocalCloudServer server = startServer();
  private final RemoteLocalCloud remote = RemoteLocalCloud.connect(server.url());

  @AfterEach
  void close() {
    server.close();
    cloud.close();
  }

  @Test
  void roundTripFromCreateToDeleteThroughTheControlApi() throws Exception {
    Placement placement = new Placement("acct 1/a", "us-east-1");
    EnvironmentRequest request = request(placement, "check out", "1.0.0", 2);
    EnvironmentInfo created = await(remote.create(request));
    assertEquals(request.environmentId(), created.environmentId());
    assertEquals("check out", created.service());

    EnvironmentInfo healthy = awaitStatus(remote, placement, request.environmentId(), EnvironmentStatus.HEALTHY);
    assertEquals(2, healthy.healthyInstances());

    EndpointRef ref = endpoint(placement, "check out");
    EndpointInfo info = await(remote.ensureEndpoint(ref));
    TrafficSplit applied = await(remote.setWeights(ref, new TrafficSplit(Map.of(request.environmentId(), 100))));
    assertEquals(100, applied.weightOf(request.environmentId()));
    assertEquals(applied, await(remote.readWeights(ref)));

    Instant from = Instant.now();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 25; i++) {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(info.url() + "/orders")).build(),
          HttpResponse.BodyHandlers.discarding());
      assertEquals("1.0.0", response.headers().firstValue("X-Flotilla-Version").orElseThrow());
    }
    EnvironmentMetrics metrics = await(remote.read(ref, Set.of(request.environmentId()), from,
        Instant.now().plusSeconds(1))).get(request.environmentId());
    assertEquals(25, metrics.requests());
    assertEquals(25, metrics.latencySamplesMillis().length);
    assertEquals(25, remote.requestCount("check out", request.environmentId()));

    Inventory inventory = await(remote.scan(placement));
    assertEquals(1, inventory.environments().size());
    assertEquals(applied, inventory.endpoints().get("check out"));

    await(remote.delete(placement, request.environmentId()));
    await(remote.delete(placement, request.environmentId()));
    assertEquals(Optional.empty(), await(remote.describe(placement, request.environmentId())));
    assertEquals(2, remote.callCount("delete"));
    assertEquals(1, cloud.callCount("scan"));
  }

  @Test
  void injectedFailuresArriveAsCloudExceptionsWithTheirRetryableFlag() {
    remote.faults().failNext("create", 1);
    remote.faults().failNext("scan", 1, false);

    CloudException create = failureOf(remote.create(request(LOCAL, "checkout", "1.0.0", 1)));
    CloudException scan = failureOf(remote.scan(LOCAL));

    assertTrue(create.retryable());
    assertFalse(scan.retryable());
    assertTrue(create.getMessage().contains("injected"));
  }

  @Test
  void rejectedCallsAreNotRetryable() {
    CloudException missingEndpoint = failureOf(remote.readWeights(endpoint(LOCAL, "nowhere")));
    assertFalse(missingEndpoint.retryable());
  }

  @Test
  void alarmsAreSetByHandAndReadPerPlacementInProcessAndRemotely() throws Exception {
    Placement other = new Placement("other", "local");
    remote.faults().setAlarm(LOCAL, "checkout-5xx", AlarmState.ALARM);
    cloud.faults().setAlarm(other, "checkout-5xx", AlarmState.OK);
    Map<String, AlarmState> local = remote.states(LOCAL, List.of("checkout-5xx", "never-defined"))
        .toCompletableFuture().get();
    assertEquals(Map.of("checkout-5xx", AlarmState.ALARM, "never-defined", AlarmState.INSUFFICIENT_DATA), local);
    assertEquals(Map.of("checkout-5xx", AlarmState.OK),
        cloud.states(other, List.of("checkout-5xx")).toCompletableFuture().get());
    assertEquals(2, cloud.callCount("readAlarms"));
  }

  @Test
  void faultsWorkRemotely() {
    EnvironmentInfo stray = remote.faults().createStray(LOCAL, "checkout", "0.1.0", "checkout-stray");
    assertEquals("checkout", stray.service());
    awaitStatus(remote, LOCAL, "checkout-stray", EnvironmentStatus.HEALTHY);
    URI first = remote.instanceUrls("checkout-stray").get(0);

    remote.faults().overrideVersion("0.1.0", VersionBehavior.WELL_BEHAVED.withStartup(Duration.ofMillis(300)));
    assertEquals(VersionBehavior.WELL_BEHAVED.withStartup(Duration.ofMillis(300)), cloud.behaviorOf("0.1.0"));
    remote.faults().killInstance("checkout-stray", 0);
    TestClouds.eventually("replaced", () -> !remote.instanceUrls("checkout-stray").contains(first));
    remote.faults().slowNext("describe", 1, Duration.ofMillis(10));
    remote.faults().random(0, 0, Duration.ZERO);
    remote.faults().clearCallFaults();
    remote.faults().clearVersionOverride("0.1.0");
    remote.faults().deleteEnvironment(LOCAL, "checkout-stray");

    assertTrue(await(remote.scan(LOCAL)).environments().isEmpty());
    assertEquals(0, remote.callCount("delete"));
  }

  @Test
  void versionOverrideOverHttpMayNameJustTheFieldsItChanges() throws Exception {
    VersionBehavior before = cloud.behaviorOf("1.4.0");
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url() + "/faults/versions/1.4.0"))
            .PUT(HttpRequest.BodyPublishers.ofString("{\"errorRate\": 0.25}")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> invalid = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url() + "/faults/versions/1.4.0"))
            .PUT(HttpRequest.BodyPublishers.ofString("{\"errorRate\": 2}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(204, response.statusCode());
    assertEquals(before.withErrorRate(0.25), cloud.behaviorOf("1.4.0"));
    assertEquals(400, invalid.statusCode());
    assertTrue(invalid.body().contains("versions[1.4.0].errorRate"), invalid.body());
  }

  @Test
  void unreachableServerIsARetryableFailure() {
    RemoteLocalCloud nowhere = RemoteLocalCloud.connect("http://127.0.0.1:" + unusedPort());
    assertTrue(failureOf(nowhere.scan(LOCAL)).retryable());
  }

  private LocalCloudServer startServer() {
    try {
      return LocalCloudServer.start(cloud, 0);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static int unusedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
