package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.endpoint;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static io.flotilla.cloud.aws.AwsFakeFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsTrafficPortTest {
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ofMillis(200));
  private final EndpointRef shop = endpoint(home(), "shop");

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void releasesShiftsAndRetiresWithTheRealSdk() throws InterruptedException {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.environments.create(request(home(), "shop", "2.0.0")));
    assertEquals(EnvironmentStatus.HEALTHY, aws.awaitHealthy(home(), "shop-1.0.0-r1").status());
    assertEquals(EnvironmentStatus.HEALTHY, aws.awaitHealthy(home(), "shop-2.0.0-r1").status());
    EndpointInfo info = await(aws.traffic.ensureEndpoint(shop));

    TrafficSplit set = await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("shop-1.0.0-r1", 90, "shop-2.0.0-r1", 10))));
    TrafficSplit read = await(aws.traffic.readWeights(shop));
    await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("shop-1.0.0-r1", 100, "shop-2.0.0-r1", 0))));
    await(aws.environments.delete(home(), "shop-2.0.0-r1"));

    assertEquals("http://shop.example.com", info.url());
    assertTrue(info.split().nonZero().isEmpty());
    assertEquals(Map.of("shop-1.0.0-r1", 90, "shop-2.0.0-r1", 10), set.nonZero());
    assertEquals(Map.of("shop-1.0.0-r1", 90, "shop-2.0.0-r1", 10), read.nonZero());
    assertEquals(Map.of("shop-1.0.0-r1", 100), await(aws.traffic.readWeights(shop)).nonZero());
    assertTrue(await(aws.environments.describe(home(), "shop-2.0.0-r1")).isEmpty());
  }

  @Test
  void ensureEndpointIsIdempotent() {
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.ensureEndpoint(shop));

    assertEquals(1, aws.fake.faults().calls("CreateListener"));
  }

  @Test
  void deletedEndpointCanBeDeletedAgain() {
    await(aws.traffic.ensureEndpoint(shop));

    await(aws.traffic.deleteEndpoint(shop));
    await(aws.traffic.deleteEndpoint(shop));

    assertEquals(1, aws.fake.faults().calls("DeleteListener"));
  }

  @Test
  void throttledShiftIsRetriedByTheSdk() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.traffic.ensureEndpoint(shop));
    aws.fake.faults().throttleNext("ModifyListener", 2);

    TrafficSplit set = await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("shop-1.0.0-r1", 100))));

    assertEquals(Map.of("shop-1.0.0-r1", 100), set.nonZero());
    assertEquals(3, aws.fake.faults().calls("ModifyListener"));
  }

  @Test
  void ec2RequestLimitExceededIsRetriedByTheSdk() {
    aws.fake.faults().throttleNext("CreateLaunchTemplate", 1);

    await(aws.environments.create(request(home(), "shop", "1.0.0")));

    assertEquals(2, aws.fake.faults().calls("CreateLaunchTemplate"));
  }

  @Test
  void throttlingBeyondTheRetryBudgetSurfacesAsRetryableCloudException() {
    aws.fake.faults().throttleNext("DescribeAutoScalingGroups", 10);

    CloudException failure = failureOf(aws.environments.describe(home(), "shop-1.0.0-r1").toCompletableFuture());

    assertTrue(failure.retryable());
    assertTrue(failure.getMessage().contains("Throttling"), failure.getMessage());
  }

  @Test
  void serverErrorsSurfaceAsRetryableCloudException() {
    await(aws.traffic.ensureEndpoint(shop));
    aws.fake.faults().serverErrorNext("DescribeListeners", 10);

    CloudException failure = failureOf(aws.traffic.readWeights(shop).toCompletableFuture());

    assertTrue(failure.retryable());
  }

  @Test
  void weightsForAnUnknownEnvironmentFailWithoutRetry() {
    await(aws.traffic.ensureEndpoint(shop));

    CloudException failure = failureOf(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("ghost-1-r1", 100))).toCompletableFuture());

    assertFalse(failure.retryable());
    assertEquals(0, aws.fake.faults().calls("ModifyListener"));
  }

  @Test
  void unknownAccountIsNotRetryable() {
    CloudException failure = failureOf(aws.environments.describe(new io.flotilla.cloud.Placement("999999999999", "us-east-1"), "x")
        .toCompletableFuture());

    assertFalse(failure.retryable());
  }

  private static CloudException failureOf(java.util.concurrent.CompletableFuture<?> future) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(CloudException.class, thrown.getCause());
  }
}
