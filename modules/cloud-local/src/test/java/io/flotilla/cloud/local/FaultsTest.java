package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.TestClouds.LOCAL;
import static io.flotilla.cloud.local.TestClouds.await;
import static io.flotilla.cloud.local.TestClouds.awaitStatus;
import static io.flotilla.cloud.local.TestClouds.endpoint;
import static io.flotilla.cloud.local.TestClouds.failureOf;
import static io.flotilla.cloud.local.TestClouds.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.TrafficSplit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
  private final LocalCloud cloud = TestClouds.fastCloud();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void injectedFailuresFailTheNextCallsOfThatOperationRetryably() {
    cloud.faults().failNext("describe", 2);

    CloudException first = failureOf(cloud.describe(LOCAL, "x"));
    CloudException second = failureOf(cloud.describe(LOCAL, "x"));

    assertTrue(first.retryable());
    assertTrue(second.retryable());
    assertEquals(Optional.empty(), await(cloud.describe(LOCAL, "x")));
    assertEquals(0, await(cloud.scan(LOCAL)).environments().size());
    assertEquals(3, cloud.callCount("describe"));
  }

  @Test
  void failuresOfAnyOperationHitWhateverComesNext() {
    cloud.faults().failNext(Faults.ANY_OPERATION, 1);
    cloud.faults().failNext("scan", 1, false);

    assertTrue(failureOf(cloud.readWeights(endpoint(LOCAL, "checkout"))).retryable());
    assertFalse(failureOf(cloud.scan(LOCAL)).retryable());
    await(cloud.scan(LOCAL));
  }

  @Test
  void failedCreateLeavesNothingBehindAndTheRetryCreates() {
    cloud.faults().failNext("create", 1);

    assertTrue(failureOf(cloud.create(request(LOCAL, "checkout", "1.0.0", 1))).retryable());
    assertTrue(await(cloud.scan(LOCAL)).environments().isEmpty());
    assertEquals(1, await(cloud.create(request(LOCAL, "checkout", "1.0.0", 1))).instances());
  }

  @Test
  void slowCallsCompleteLater() {
    cloud.faults().slowNext("scan", 1, Duration.ofMillis(1500));

    CompletableFuture<?> slow = cloud.scan(LOCAL).toCompletableFuture();
    CompletableFuture<?> fast = cloud.scan(LOCAL).toCompletableFuture();

    await(fast);
    assertFalse(slow.isDone());
    await(slow);
  }

  @Test
  void randomModeFailsTheGivenFractionOfCalls() {
    cloud.faults().random(1.0, 0, Duration.ZERO);
    assertTrue(failureOf(cloud.scan(LOCAL)).retryable());
    assertTrue(failureOf(cloud.describe(LOCAL, "x")).retryable());

    cloud.faults().clearCallFaults();
    await(cloud.scan(LOCAL));
  }

  @Test
  void unknownOperationNamesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> cloud.faults().failNext("creat", 1));
    assertThrows(IllegalArgumentException.class, () -> cloud.callCount("scna"));
  }

  @Test
  void versionOverrideChangesRunningInstancesAtOnce() throws Exception {
    String id = await(cloud.create(request(LOCAL, "checkout", "1.0.0", 1))).environmentId();
    awaitStatus(cloud, LOCAL, id, EnvironmentStatus.HEALTHY);
    EndpointRef checkout = endpoint(LOCAL, "checkout");
    EndpointInfo info = await(cloud.ensureEndpoint(checkout));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(id, 100))));
    HttpClient http = HttpClient.newHttpClient();

    cloud.faults().overrideVersion("1.0.0", VersionBehavior.WELL_BEHAVED.withErrorRate(1.0));
    for (int i = 0; i < 20; i++) {
      assertEquals(500, http.send(HttpRequest.newBuilder(URI.create(info.url() + "/")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    cloud.faults().clearVersionOverride("1.0.0");
    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(info.url() + "/")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
    assertEquals(20, cloud.errorCount("checkout", id));
  }

  @Test
  void closedCloudFailsCallsWithoutRetry() {
    cloud.close();
    assertFalse(failureOf(cloud.scan(LOCAL)).retryable());
  }
}
