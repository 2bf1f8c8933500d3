package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static io.flotilla.cloud.aws.AwsFakeFixture.request;
import static io.flotilla.cloud.aws.AwsFakeFixture.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.ResourceType;

class AwsInventoryPortTest {
  private static final String OWNER = "flotilla-test";
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ZERO);
  private final AwsInventoryPort inventory = new AwsInventoryPort(aws.provider, OWNER,
      placement -> CompletableFuture.completedFuture(Map.of("shop", new TrafficSplit(Map.of("shop-1.0.0-r1", 100)))));

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void eachAccountSeesOnlyItsOwnStacks() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.environments.create(request(target(), "cart", "2.0.0")));

    Inventory atHome = await(inventory.scan(home()));
    Inventory atTarget = await(inventory.scan(target()));

    assertEquals(List.of("shop-1.0.0-r1"), ids(atHome));
    assertEquals(List.of("cart-2.0.0-r1"), ids(atTarget));
    EnvironmentInfo shop = atHome.environments().get(0);
    assertEquals(home(), shop.placement());
    assertEquals("shop", shop.service());
    assertEquals("1.0.0", shop.version());
    assertEquals(OWNER, shop.tags().get(Tags.OWNER));
    assertEquals(EnvironmentStatus.HEALTHY, shop.status(), "both instances in service and healthy");
    assertEquals(2, shop.instances());
    assertEquals(2, shop.healthyInstances());
    assertEquals(Map.of("shop-1.0.0-r1", 100), atHome.endpoints().get("shop").nonZero());
  }

  @Test
  void readsTwoHundredFiftyEnvironmentsInThreeDescribeCalls() {
    CompletableFuture.allOf(IntStream.range(0, 250)
        .mapToObj(i -> seedGroup(home(), "svc" + i + "-1.0.0-r1", ownedTags("svc" + i, "svc" + i + "-1.0.0-r1")))
        .toArray(CompletableFuture[]::new)).join();
    aws.fake.faults().reset();

    Inventory scanned = await(inventory.scan(home()));

    assertEquals(250, scanned.environments().size());
    assertEquals(250, scanned.environments().stream().filter(env -> env.status() == EnvironmentStatus.HEALTHY).count());
    assertEquals(3, aws.fake.faults().calls("DescribeAutoScalingGroups"), "100 + 100 + 50 groups");
    assertEquals(2, aws.fake.faults().calls("DescribeLaunchTemplates"), "200 + 50 templates");
    assertEquals(0, aws.fake.faults().calls("DescribeTargetHealth"), "no call per environment");
  }

  @Test
  void launchTemplateWithoutGroupIsAStartingEnvironmentWithNoInstances() {
    seedLaunchTemplate(home(), "ghost-1.0.0-r1", ownedTags("ghost", "ghost-1.0.0-r1")).join();

    Inventory scanned = await(inventory.scan(home()));

    assertEquals(List.of("ghost-1.0.0-r1"), ids(scanned));
    EnvironmentInfo partial = scanned.environments().get(0);
    assertEquals(EnvironmentStatus.STARTING, partial.status());
    assertEquals(0, partial.instances());
    assertEquals("ghost", partial.service());
    assertEquals(OWNER, partial.tags().get(Tags.OWNER));
  }

  @Test
  void groupsWithoutOurOwnerTagAreNotListed() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    seedGroup(home(), "manual-1", Map.of("team", "payments")).join();
    Map<String, String> foreign = new java.util.HashMap<>(ownedTags("other", "other-1.0.0-r1"));
    foreign.put(Tags.OWNER, "someone-else");
    seedGroup(home(), "other-1.0.0-r1", foreign).join();

    Inventory scanned = await(inventory.scan(home()));

    assertEquals(List.of("shop-1.0.0-r1"), ids(scanned));
    assertEquals(3, aws.fake.autoScalingGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).size());
  }

  @Test
  void groupWithInstancesNotYetInServiceIsStarting() {
    try (AwsFakeFixture slow = new AwsFakeFixture(Duration.ofMinutes(5))) {
      await(slow.environments.create(request(home(), "shop", "1.0.0")));

      EnvironmentInfo shop = await(new AwsInventoryPort(slow.provider, OWNER,
          placement -> CompletableFuture.completedFuture(Map.of())).scan(home())).environments().get(0);

      assertEquals(EnvironmentStatus.STARTING, shop.status());
      assertEquals(2, shop.instances());
      assertEquals(0, shop.healthyInstances());
    }
  }

  private static Map<String, String> ownedTags(String service, String environmentId) {
    return Map.of(Tags.SERVICE, service, Tags.VERSION, "1.0.0", Tags.REVISION, "1", Tags.ENV_ID, environmentId,
        Tags.OWNER, OWNER);
  }

  private static List<String> ids(Inventory inventory) {
    return inventory.environments().stream().map(EnvironmentInfo::environmentId).sorted().toList();
  }

  /** A launch template straight through the SDK, as a create that stopped after its first step leaves it. */
  private CompletableFuture<Void> seedLaunchTemplate(Placement placement, String environmentId, Map<String, String> tags) {
    var ec2Tags = tags.entrySet().stream().map(tag -> software.amazon.awssdk.services.ec2.model.Tag.builder()
        .key(tag.getKey()).value(tag.getValue()).build()).toList();
    return aws.provider.clients(placement).ec2().createLaunchTemplate(request -> request
            .launchTemplateName(AwsNames.launchTemplate(environmentId))
            .launchTemplateData(data -> data.imageId("ami-12345678").instanceType("t3.micro"))
            .tagSpecifications(spec -> spec.resourceType(ResourceType.LAUNCH_TEMPLATE).tags(ec2Tags)))
        .thenApply(response -> null);
  }

  /** A launch template and a group of two instances straight through the SDK (no target group, no rate limit). */
  private CompletableFuture<Void> seedGroup(Placement placement, String environmentId, Map<String, String> tags) {
    var groupTags = tags.entrySet().stream().map(tag -> software.amazon.awssdk.services.autoscaling.model.Tag.builder()
        .key(tag.getKey()).value(tag.getValue()).propagateAtLaunch(true).build()).toList();
    return seedLaunchTemplate(placement, environmentId, tags).thenCompose(done -> aws.provider.clients(placement)
            .autoScaling().createAutoScalingGroup(request -> request.autoScalingGroupName(AwsNames.autoScalingGroup(environmentId))
                .launchTemplate(template -> template.launchTemplateName(AwsNames.launchTemplate(environmentId)))
                .minSize(2).maxSize(2).desiredCapacity(2).tags(groupTags)))
        .thenApply(response -> null);
  }
}
