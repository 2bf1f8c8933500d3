package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.endpoint;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static io.flotilla.cloud.aws.AwsFakeFixture.request;
import static io.flotilla.cloud.aws.AwsTrafficPortTest.rulesOn;
import static io.flotilla.cloud.aws.AwsTrafficPortTest.tagsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.model.EndpointAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

class AwsPreviewPortTest {
  private static final String OLD = "shop-1.0.0-r1";
  private static final String NEW = "shop-2.0.0-r1";
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ofMillis(200));
  private final EndpointRef shop = endpoint(home(), "shop");

  @BeforeEach
  void liveEndpoint() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.environments.create(request(home(), "shop", "2.0.0")));
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of(OLD, 100))));
  }

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void openedPreviewForwardsOnlyToTheNewEnvironment() {
    String url = await(aws.previews.openPreview(shop, NEW));

    assertEquals("http://shop-preview.example.com", url);
    Rule preview = previewRule();
    assertEquals(Set.of(targetGroupOf(NEW)), RuleActions.forwardWeights(preview.actions()).keySet());
    assertEquals(Map.of(Tags.SERVICE, "shop", Tags.OWNER, "flotilla-test", HostRules.PREVIEW_TAG, "true"),
        tagsOf(aws, preview.ruleArn()));
    assertEquals(Map.of(OLD, 100), await(aws.traffic.readWeights(shop)).nonZero());
    assertEquals(1, aws.fake.faults().calls("CreateListener"));
  }

  @Test
  void reopeningIsIdempotentAndRepointsAtTheGivenEnvironment() {
    String first = await(aws.previews.openPreview(shop, NEW));
    int creates = aws.fake.faults().calls("CreateRule");

    String again = await(aws.previews.openPreview(shop, NEW));
    int modifiesWhenUnchanged = aws.fake.faults().calls("ModifyRule");
    await(aws.previews.openPreview(shop, OLD));

    assertEquals(first, again);
    assertEquals(creates, aws.fake.faults().calls("CreateRule"));
    assertEquals(1, aws.fake.faults().calls("ModifyRule") - modifiesWhenUnchanged);
    assertEquals(Set.of(targetGroupOf(OLD)), RuleActions.forwardWeights(previewRule().actions()).keySet());
    assertEquals(2, rulesOn(aws, 80).size());
  }

  @Test
  void closeRemovesOnlyThePreviewRule() {
    await(aws.previews.openPreview(shop, NEW));

    await(aws.previews.closePreview(shop));
    await(aws.previews.closePreview(shop));

    assertEquals(List.of(Set.of("shop.example.com")), rulesOn(aws, 80).stream().map(HostRules::hostsOf).toList());
    assertEquals(Map.of(OLD, 100), await(aws.traffic.readWeights(shop)).nonZero());
    assertEquals(1, aws.fake.faults().calls("DeleteRule"));
  }

  @Test
  void previewKeepsItsTargetGroupInUseUntilClosed() {
    await(aws.previews.openPreview(shop, NEW));

    CloudException inUse = failureOf(aws.environments.delete(home(), NEW).toCompletableFuture());
    await(aws.previews.closePreview(shop));
    await(aws.environments.delete(home(), NEW));

    assertTrue(inUse.getMessage().contains("ResourceInUse"), inUse.getMessage());
    assertFalse(aws.fake.targetGroupNames(AwsFakeFixture.HOME, AwsFakeFixture.REGION).contains(AwsNames.targetGroup(NEW)));
  }

  @Test
  void deletingTheEndpointAlsoDeletesItsPreview() {
    await(aws.previews.openPreview(shop, NEW));

    await(aws.traffic.deleteEndpoint(shop));

    assertTrue(rulesOn(aws, 80).isEmpty());
  }

  @Test
  void previewIsNotTakenForTheEndpoint() {
    await(aws.previews.openPreview(shop, NEW));

    assertEquals(Map.of(OLD, 100), await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of(OLD, 100)))).nonZero());
    assertEquals(Map.of("shop", new TrafficSplit(Map.of(OLD, 100))), await(aws.traffic.readAllEndpoints(home())));
  }

  @Test
  void previewOnAnotherPortKeepsThePortInItsUrl() {
    EndpointRef admin = new EndpointRef(home(), "admin", new EndpointAddress("admin.internal.example.com", 8080));

    String url = await(aws.previews.openPreview(admin, NEW));

    assertEquals("http://admin-preview.internal.example.com:8080", url);
    assertEquals(List.of(Set.of("admin-preview.internal.example.com")), rulesOn(aws, 8080).stream().map(HostRules::hostsOf).toList());
  }

  @Test
  void previewHostInsertsPreviewAfterTheFirstLabel() {
    assertEquals("checkout-preview.example.com", HostRules.previewHost("checkout.example.com"));
    assertEquals("localhost-preview", HostRules.previewHost("localhost"));
  }

  @Test
  void previewOfAnEnvironmentWithoutTargetGroupFailsWithoutRetry() {
    CloudException failure = failureOf(aws.previews.openPreview(shop, "ghost-1-r1").toCompletableFuture());

    assertFalse(failure.retryable());
    assertEquals(1, rulesOn(aws, 80).size());
  }

  private Rule previewRule() {
    List<Rule> previews = HostRules.withHost(rulesOn(aws, 80), "shop-preview.example.com");
    assertEquals(1, previews.size());
    return previews.get(0);
  }

  private String targetGroupOf(String environmentId) {
    return await(FindTargetGroups.run(aws.provider.calls(home(), CallPriority.READ), List.of(AwsNames.targetGroup(environmentId))))
        .values().iterator().next().targetGroupArn();
  }

  private static CloudException failureOf(CompletableFuture<?> future) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(CloudException.class, thrown.getCause());
  }
}
