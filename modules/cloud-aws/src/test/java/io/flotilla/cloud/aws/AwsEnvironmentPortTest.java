package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static io.flotilla.cloud.aws.AwsFakeFixture.request;
import static io.flotilla.cloud.aws.AwsFakeFixture.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Tags;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsEnvironmentPortTest {
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ofMillis(300));

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void createdEnvironmentStartsThenBecomesHealthy() throws InterruptedException {
    EnvironmentRequest request = request(home(), "shop", "1.0.0");

    EnvironmentInfo created = await(aws.environments.create(request));
    EnvironmentInfo healthy = aws.awaitHealthy(home(), request.environmentId());

    assertEquals(EnvironmentStatus.STARTING, created.status());
    assertEquals(EnvironmentStatus.HEALTHY, healthy.status());
    assertEquals(2, healthy.instances());
    assertEquals(2, healthy.healthyInstances());
  }

  @Test
  void tagsTheEnvironmentWithServiceVersionRevisionIdAndOwner() {
    EnvironmentInfo created = await(aws.environments.create(request(home(), "shop", "1.0.0")));

    assertEquals("shop", created.tags().get(Tags.SERVICE));
    assertEquals("1.0.0", created.tags().get(Tags.VERSION));
    assertEquals("1", created.tags().get(Tags.REVISION));
    assertEquals("shop-1.0.0-r1", created.tags().get(Tags.ENV_ID));
    assertEquals("flotilla-test", created.tags().get(Tags.OWNER));
    assertEquals("payments", created.tags().get("team"));
  }

  @Test
  void repeatedCreateFindsTheExistingStack() {
    EnvironmentRequest request = request(home(), "shop", "1.0.0");

    await(aws.environments.create(request));
    await(aws.environments.create(request));

    assertEquals(List.of("flotilla-shop-1.0.0-r1"), aws.fake.autoScalingGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION));
    assertEquals(List.of("flotilla-shop-1.0.0-r1"), aws.fake.launchTemplateNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION));
    assertEquals(1, aws.fake.targetGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).size());
    assertEquals(1, aws.fake.faults().calls("CreateAutoScalingGroup"));
    assertEquals(1, aws.fake.faults().calls("CreateLaunchTemplate"));
  }

  @Test
  void createAfterACrashMidwayCompletesTheSameStack() {
    EnvironmentRequest request = request(home(), "shop", "1.0.0");
    // The first attempt dies after the launch template: the group call fails and is never retried by the SDK.
    aws.fake.faults().failNext("CreateAutoScalingGroup", io.flotilla.aws.fake.Faults.Kind.SERVER_ERROR, 3);
    assertThrows(AssertionError.class, () -> await(aws.environments.create(request)));

    await(aws.environments.create(request));

    assertEquals(1, aws.fake.autoScalingGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).size());
    assertEquals(1, aws.fake.launchTemplateNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).size());
    assertEquals(1, aws.fake.targetGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).size());
    assertEquals(1, aws.fake.faults().calls("CreateLaunchTemplate"));
  }

  @Test
  void deleteRemovesGroupTemplateAndTargetGroup() {
    EnvironmentRequest request = request(home(), "shop", "1.0.0");
    await(aws.environments.create(request));

    await(aws.environments.delete(home(), request.environmentId()));

    assertTrue(await(aws.environments.describe(home(), request.environmentId())).isEmpty());
    assertTrue(aws.fake.autoScalingGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).isEmpty());
    assertTrue(aws.fake.launchTemplateNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).isEmpty());
    assertTrue(aws.fake.targetGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).isEmpty());
  }

  @Test
  void deletingAMissingEnvironmentSucceeds() {
    await(aws.environments.delete(home(), "never-created"));

    assertTrue(await(aws.environments.describe(home(), "never-created")).isEmpty());
  }

  @Test
  void accountsKeepTheirResourcesApart() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.environments.create(request(target(), "shop", "1.0.0")));
    await(aws.environments.create(request(target(), "cart", "2.0.0")));

    await(aws.environments.delete(home(), "shop-1.0.0-r1"));

    assertTrue(aws.fake.autoScalingGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).isEmpty());
    assertEquals(List.of("flotilla-shop-1.0.0-r1", "flotilla-cart-2.0.0-r1"),
        aws.fake.autoScalingGroupNames(AwsFakeFixture.TARGET, AwsFakeFixture.REGION));
    assertTrue(await(aws.environments.describe(target(), "shop-1.0.0-r1")).isPresent());
  }

  @Test
  void reachesTheTargetAccountByAssumingItsRoleWithTheExternalId() {
    await(aws.environments.create(request(new io.flotilla.cloud.Placement("target", AwsFakeFixture.REGION), "shop", "1.0.0")));

    assertEquals(1, aws.fake.assumedRoles().size());
    assertEquals(AwsFakeFixture.TARGET_ROLE, aws.fake.assumedRoles().get(0).roleArn());
    assertEquals(AwsFakeFixture.EXTERNAL_ID, aws.fake.assumedRoles().get(0).externalId());
    assertEquals(AwsFakeFixture.HOME, aws.fake.assumedRoles().get(0).callerAccount());
    assertEquals(1, aws.fake.autoScalingGroupNames(AwsFakeFixture.TARGET, AwsFakeFixture.REGION).size());
  }
}
