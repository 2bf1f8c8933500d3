package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.HOME;
import static io.flotilla.cloud.aws.AwsFakeFixture.REGION;
import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.endpoint;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static io.flotilla.cloud.aws.AwsFakeFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyRulesException;

class AwsTrafficPortTest {
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ofMillis(200));
  private final EndpointRef shop = endpoint(home(), "shop");
  private final EndpointRef cart = endpoint(home(), "cart");

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
  void endpointIsAHostHeaderRuleOnASharedListenerThatAnswers404ToOtherHosts() {
    await(aws.traffic.ensureEndpoint(shop));

    Listener listener = listenerOn(aws, 80);
    List<Rule> rules = rulesOn(aws, 80);

    assertEquals("404", listener.defaultActions().get(0).fixedResponseConfig().statusCode());
    assertEquals(Map.of(Tags.OWNER, "flotilla-test"), tagsOf(aws, listener.listenerArn()));
    assertEquals(1, rules.size());
    assertEquals(Set.of("shop.example.com"), HostRules.hostsOf(rules.get(0)));
    assertEquals("shop.example.com", rules.get(0).conditions().get(0).hostHeaderConfig().values().get(0));
    assertEquals("1", rules.get(0).priority());
    assertEquals("503", rules.get(0).actions().get(0).fixedResponseConfig().statusCode());
    assertEquals(Map.of(Tags.SERVICE, "shop", Tags.OWNER, "flotilla-test"), tagsOf(aws, rules.get(0).ruleArn()));
  }

  @Test
  void ensureEndpointIsIdempotent() {
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.ensureEndpoint(shop));

    assertEquals(1, aws.fake.faults().calls("CreateListener"));
    assertEquals(1, aws.fake.faults().calls("CreateRule"));
    assertEquals(1, rulesOn(aws, 80).size());
  }

  @Test
  void twoServicesOnPort80InOnePlacementKeepSeparateWeights() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.environments.create(request(home(), "shop", "2.0.0")));
    await(aws.environments.create(request(home(), "cart", "1.0.0")));
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.ensureEndpoint(cart));

    await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("shop-1.0.0-r1", 90, "shop-2.0.0-r1", 10))));
    await(aws.traffic.setWeights(cart, new TrafficSplit(Map.of("cart-1.0.0-r1", 100))));

    assertEquals(Map.of("shop-1.0.0-r1", 90, "shop-2.0.0-r1", 10), await(aws.traffic.readWeights(shop)).nonZero());
    assertEquals(Map.of("cart-1.0.0-r1", 100), await(aws.traffic.readWeights(cart)).nonZero());
    assertEquals(1, aws.fake.faults().calls("CreateListener"));
    assertEquals(1, listenersOfHomeAlb(aws).size());
    List<Rule> rules = rulesOn(aws, 80);
    assertEquals(List.of(Set.of("shop.example.com"), Set.of("cart.example.com")), rules.stream().map(HostRules::hostsOf).toList());
    assertEquals(List.of("1", "2"), rules.stream().map(Rule::priority).toList());
  }

  @Test
  void endpointsOnOtherPortsGetTheirOwnSharedListener() {
    EndpointRef admin = new EndpointRef(home(), "admin", new io.flotilla.model.EndpointAddress("admin.example.com", 8080));

    EndpointInfo info = await(aws.traffic.ensureEndpoint(admin));
    await(aws.traffic.ensureEndpoint(shop));

    assertEquals("http://admin.example.com:8080", info.url());
    assertEquals(Set.of(80, 8080), listenersOfHomeAlb(aws).stream().map(Listener::port).collect(Collectors.toSet()));
    assertEquals("1", rulesOn(aws, 8080).get(0).priority());
    assertEquals("1", rulesOn(aws, 80).get(0).priority());
  }

  @Test
  void priorityTakenByARacingNodeMovesTheRuleToTheNextFreeOne() {
    await(aws.traffic.ensureEndpoint(shop));
    AwsCalls calls = aws.provider.calls(home(), CallPriority.SHIFT);
    String listenerArn = listenerOn(aws, 80).listenerArn();
    List<Rule> readBeforeTheRace = rulesOn(aws, 80);
    // Another node takes priority 2, the lowest free one this node read, for its own host.
    await(CreateRule.run(calls, listenerArn, 2, "cart.example.com", RuleActions.forward(Map.of()), serviceTags("cart")));

    Rule search = await(EnsureHostRule.run(calls, listenerArn, "search.example.com", RuleActions.forward(Map.of()),
        serviceTags("search"), readBeforeTheRace));

    assertEquals("3", search.priority());
    assertEquals(4, aws.fake.faults().calls("CreateRule"), "shop, cart, search refused with PriorityInUse, search again");
    assertOneRulePerHost(Set.of("shop.example.com", "cart.example.com", "search.example.com"));
  }

  @Test
  void racingNodeThatCreatedTheSameHostsRuleFirstIsJoined() {
    await(aws.traffic.ensureEndpoint(shop));
    AwsCalls calls = aws.provider.calls(home(), CallPriority.SHIFT);
    String listenerArn = listenerOn(aws, 80).listenerArn();
    List<Rule> readBeforeTheRace = rulesOn(aws, 80);
    Rule theirs = await(CreateRule.run(calls, listenerArn, 2, "cart.example.com", RuleActions.forward(Map.of()), serviceTags("cart")));

    Rule ours = await(EnsureHostRule.run(calls, listenerArn, "cart.example.com", RuleActions.forward(Map.of()),
        serviceTags("cart"), readBeforeTheRace));

    assertEquals(theirs.ruleArn(), ours.ruleArn());
    assertOneRulePerHost(Set.of("shop.example.com", "cart.example.com"));
  }

  @Test
  void duplicateRuleFromARaceIsDeletedKeepingTheOneTheAlbEvaluatesFirst() {
    await(aws.traffic.ensureEndpoint(shop));
    AwsCalls calls = aws.provider.calls(home(), CallPriority.SHIFT);
    String listenerArn = listenerOn(aws, 80).listenerArn();
    List<Rule> readBeforeTheRace = rulesOn(aws, 80);
    // Priority 1 frees up and another node puts the same host there: this node's create at 2 succeeds, a duplicate.
    await(aws.traffic.deleteEndpoint(shop));
    Rule theirs = await(CreateRule.run(calls, listenerArn, 1, "cart.example.com", RuleActions.forward(Map.of()), serviceTags("cart")));

    Rule ours = await(EnsureHostRule.run(calls, listenerArn, "cart.example.com", RuleActions.forward(Map.of()),
        serviceTags("cart"), readBeforeTheRace));

    assertEquals(theirs.ruleArn(), ours.ruleArn());
    assertEquals(List.of(theirs.ruleArn()), rulesOn(aws, 80).stream().map(Rule::ruleArn).toList());
  }

  @Test
  void concurrentEnsuresEndWithOneRulePerHostAtDistinctPriorities() {
    try (FastAdapter fast = new FastAdapter(aws, "race-alb")) {
      List<EndpointRef> endpoints = IntStream.range(0, 8).mapToObj(i -> endpoint(home(), "svc" + i)).toList();
      List<CompletableFuture<EndpointInfo>> ensures = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        endpoints.forEach(endpoint -> ensures.add(fast.traffic.ensureEndpoint(endpoint).toCompletableFuture()));
      }
      ensures.forEach(AwsFakeFixture::await);

      List<Rule> rules = fast.rules(80);
      assertEquals(8, rules.size());
      assertEquals(endpoints.stream().map(endpoint -> Set.of(endpoint.address().host())).collect(Collectors.toSet()),
          rules.stream().map(HostRules::hostsOf).collect(Collectors.toSet()));
      assertEquals(8, rules.stream().map(Rule::priority).distinct().count());
      assertEquals(1, fast.listeners().size());
    }
  }

  @Test
  void deletedEndpointCanBeDeletedAgainAndLeavesTheSharedListener() {
    await(aws.traffic.ensureEndpoint(shop));

    await(aws.traffic.deleteEndpoint(shop));
    await(aws.traffic.deleteEndpoint(shop));

    assertEquals(1, aws.fake.faults().calls("DeleteRule"));
    assertEquals(0, aws.fake.faults().calls("DeleteListener"));
    assertEquals(1, listenersOfHomeAlb(aws).size());
    assertTrue(rulesOn(aws, 80).isEmpty());
  }

  @Test
  void deleteEndpointLeavesTheOtherServicesRule() {
    await(aws.environments.create(request(home(), "cart", "1.0.0")));
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.ensureEndpoint(cart));
    await(aws.traffic.setWeights(cart, new TrafficSplit(Map.of("cart-1.0.0-r1", 100))));

    await(aws.traffic.deleteEndpoint(shop));

    assertEquals(List.of(Set.of("cart.example.com")), rulesOn(aws, 80).stream().map(HostRules::hostsOf).toList());
    assertEquals(Map.of("cart-1.0.0-r1", 100), await(aws.traffic.readWeights(cart)).nonZero());
    assertFalse(failureOf(aws.traffic.readWeights(shop).toCompletableFuture()).retryable());
  }

  @Test
  void emptySplitAnswers503() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("shop-1.0.0-r1", 100))));

    TrafficSplit none = await(aws.traffic.setWeights(shop, TrafficSplit.EMPTY));

    assertTrue(none.nonZero().isEmpty());
    assertEquals("503", rulesOn(aws, 80).get(0).actions().get(0).fixedResponseConfig().statusCode());
  }

  @Test
  void targetGroupARuleForwardsToCannotBeDeleted() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("shop-1.0.0-r1", 100))));

    CloudException inUse = failureOf(aws.environments.delete(home(), "shop-1.0.0-r1").toCompletableFuture());
    await(aws.traffic.setWeights(shop, TrafficSplit.EMPTY));
    await(aws.environments.delete(home(), "shop-1.0.0-r1"));

    assertTrue(inUse.getMessage().contains("ResourceInUse"), inUse.getMessage());
    assertFalse(aws.fake.targetGroupNames(HOME, REGION).contains(AwsNames.targetGroup("shop-1.0.0-r1")));
  }

  @Test
  void describeRulesPagesAndListsTheDefaultRuleLast() {
    await(aws.traffic.ensureEndpoint(shop));
    await(aws.traffic.ensureEndpoint(cart));
    await(aws.traffic.ensureEndpoint(endpoint(home(), "search")));
    String listenerArn = listenerOn(aws, 80).listenerArn();
    AwsCalls calls = aws.provider.calls(home(), CallPriority.READ);

    DescribeRulesResponse first = await(calls.elb(ApiFamily.ELB_DESCRIBE,
        client -> client.describeRules(request -> request.listenerArn(listenerArn).pageSize(2))));
    DescribeRulesResponse second = await(calls.elb(ApiFamily.ELB_DESCRIBE,
        client -> client.describeRules(request -> request.listenerArn(listenerArn).pageSize(2).marker(first.nextMarker()))));

    assertEquals(List.of("1", "2"), first.rules().stream().map(Rule::priority).toList());
    assertEquals(List.of("3", "default"), second.rules().stream().map(Rule::priority).toList());
    assertTrue(second.rules().get(1).isDefault());
    assertFalse(second.rules().get(0).isDefault());
    assertEquals("404", second.rules().get(1).actions().get(0).fixedResponseConfig().statusCode());
    assertNull(second.nextMarker());
    assertEquals(3, await(DescribeRules.run(calls, listenerArn)).size());
  }

  @Test
  void fakeAnswersRuleErrorsAsTheSdkExpects() {
    try (FastAdapter fast = new FastAdapter(aws, "limits-alb")) {
      await(fast.traffic.ensureEndpoint(endpoint(home(), "svc0")));
      AwsCalls calls = fast.provider.calls(home(), CallPriority.CREATE);
      String listenerArn = fast.listener(80).listenerArn();
      // A rule made elsewhere with the legacy condition shape is still found by its host.
      await(calls.elb(ApiFamily.ELB_MUTATE, client -> client.createRule(request -> request.listenerArn(listenerArn).priority(2)
          .conditions(condition -> condition.field("host-header").values("legacy.example.com"))
          .actions(RuleActions.forward(Map.of())))));
      Throwable inUse = AwsErrors.unwrap(assertThrows(ExecutionException.class, () -> CreateRule.run(calls, listenerArn, 2,
          "x.example.com", RuleActions.forward(Map.of()), Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS)));
      List<CompletableFuture<?>> more = new ArrayList<>();
      for (int i = 3; i <= 100; i++) {
        more.add(CreateRule.run(calls, listenerArn, i, "host" + i + ".example.com", RuleActions.forward(Map.of()), Map.of())
            .toCompletableFuture());
      }
      more.forEach(AwsFakeFixture::await);

      Throwable tooMany = AwsErrors.unwrap(assertThrows(ExecutionException.class, () -> CreateRule.run(calls, listenerArn, 101,
          "x.example.com", RuleActions.forward(Map.of()), Map.of()).toCompletableFuture().get(30, TimeUnit.SECONDS)));
      String gone = fast.rules(80).get(99).ruleArn();
      await(DeleteRule.run(calls, gone));
      Throwable notFound = AwsErrors.unwrap(assertThrows(ExecutionException.class, () -> calls.elb(ApiFamily.ELB_MUTATE,
          client -> client.deleteRule(request -> request.ruleArn(gone))).get(30, TimeUnit.SECONDS)));

      assertInstanceOf(PriorityInUseException.class, inUse);
      assertInstanceOf(TooManyRulesException.class, tooMany);
      assertInstanceOf(RuleNotFoundException.class, notFound);
      await(DeleteRule.run(calls, gone));
      assertEquals(99, fast.rules(80).size());
      assertEquals("2", HostRules.effective(fast.rules(80), "legacy.example.com").orElseThrow().priority());
    }
  }

  @Test
  void readAllEndpointsReadsThirtyEndpointsInAFewBatchedCalls() {
    try (FastAdapter fast = new FastAdapter(aws, "inventory-alb")) {
      AwsCalls calls = fast.provider.calls(home(), CallPriority.CREATE);
      List<CompletableFuture<?>> groups = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        for (String version : List.of("1", "2")) {
          String environmentId = "svc" + i + "-" + version + "-r1";
          groups.add(CreateTargetGroup.run(calls, AwsNames.targetGroup(environmentId), "vpc-home", 8080, "/",
              Map.of(Tags.ENV_ID, environmentId, Tags.OWNER, "flotilla-test", Tags.SERVICE, "svc" + i)).toCompletableFuture());
        }
      }
      groups.forEach(AwsFakeFixture::await);
      // The preview comes first, so its rule has a lower priority than svc0's own rule: it must still be skipped.
      EndpointRef first = endpoint(home(), "svc0");
      await(fast.previews.openPreview(first, "svc0-2-r1"));
      Map<String, Map<String, Integer>> expected = new HashMap<>();
      List<CompletableFuture<?>> endpoints = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        EndpointRef endpoint = endpoint(home(), "svc" + i);
        // svc29 never gets traffic: an endpoint with an empty split.
        Map<String, Integer> split = i == 29 ? Map.of() : Map.of("svc" + i + "-1-r1", 100 - (i + 1), "svc" + i + "-2-r1", i + 1);
        expected.put("svc" + i, split);
        endpoints.add(fast.traffic.ensureEndpoint(endpoint).thenCompose(info -> fast.traffic.setWeights(endpoint, new TrafficSplit(split)))
            .toCompletableFuture());
      }
      endpoints.forEach(AwsFakeFixture::await);
      // A rule of another owner on the same listener.
      await(CreateRule.run(calls, fast.listener(80).listenerArn(), 999, "alien.example.com", RuleActions.forward(Map.of()),
          Map.of(Tags.SERVICE, "alien", Tags.OWNER, "someone-else")));
      aws.fake.faults().reset();

      Map<String, TrafficSplit> all = await(fast.traffic.readAllEndpoints(home()));

      assertEquals(expected.keySet(), all.keySet());
      expected.forEach((service, split) -> assertEquals(split, all.get(service).nonZero(), service));
      assertEquals(1, aws.fake.faults().calls("DescribeListeners"));
      assertEquals(1, aws.fake.faults().calls("DescribeRules"));
      // 32 rules (30 endpoints, a preview, a foreign one) and the 58 target groups they forward to, 20 ARNs a call.
      assertEquals(5, aws.fake.faults().calls("DescribeTags"));
      assertEquals(0, aws.fake.faults().calls("DescribeTargetGroups"));
    }
  }

  @Test
  void throttledShiftIsRetriedByTheSdk() {
    await(aws.environments.create(request(home(), "shop", "1.0.0")));
    await(aws.traffic.ensureEndpoint(shop));
    aws.fake.faults().throttleNext("ModifyRule", 2);

    TrafficSplit set = await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("shop-1.0.0-r1", 100))));

    assertEquals(Map.of("shop-1.0.0-r1", 100), set.nonZero());
    assertEquals(3, aws.fake.faults().calls("ModifyRule"));
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
    aws.fake.faults().serverErrorNext("DescribeRules", 10);

    CloudException failure = failureOf(aws.traffic.readWeights(shop).toCompletableFuture());

    assertTrue(failure.retryable());
  }

  @Test
  void weightsForAnUnknownEnvironmentFailWithoutRetry() {
    await(aws.traffic.ensureEndpoint(shop));

    CloudException failure = failureOf(aws.traffic.setWeights(shop, new TrafficSplit(Map.of("ghost-1-r1", 100))).toCompletableFuture());

    assertFalse(failure.retryable());
    assertEquals(0, aws.fake.faults().calls("ModifyRule"));
  }

  @Test
  void unknownAccountIsNotRetryable() {
    CloudException failure = failureOf(aws.environments.describe(new Placement("999999999999", "us-east-1"), "x")
        .toCompletableFuture());

    assertFalse(failure.retryable());
  }

  private void assertOneRulePerHost(Set<String> hosts) {
    List<Set<String>> ruleHosts = rulesOn(aws, 80).stream().map(HostRules::hostsOf).toList();
    assertEquals(hosts.size(), ruleHosts.size(), ruleHosts.toString());
    assertEquals(hosts.stream().map(Set::of).collect(Collectors.toSet()), Set.copyOf(ruleHosts));
  }

  private static Map<String, String> serviceTags(String service) {
    return Map.of(Tags.SERVICE, service, Tags.OWNER, "flotilla-test");
  }

  /** The ARN of the fixture's load balancer in the home placement. */
  static String homeLoadBalancer(AwsFakeFixture aws) {
    AwsCalls calls = aws.provider.calls(home(), CallPriority.READ);
    return await(calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeLoadBalancers(request -> request.names("home-alb"))))
        .loadBalancers().get(0).loadBalancerArn();
  }

  static List<Listener> listenersOfHomeAlb(AwsFakeFixture aws) {
    AwsCalls calls = aws.provider.calls(home(), CallPriority.READ);
    String loadBalancer = homeLoadBalancer(aws);
    return await(calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeListeners(request -> request.loadBalancerArn(loadBalancer))))
        .listeners();
  }

  static Listener listenerOn(AwsFakeFixture aws, int port) {
    return await(FindListener.run(aws.provider.calls(home(), CallPriority.READ), homeLoadBalancer(aws), port)).orElseThrow();
  }

  /** The rules (default rule left out) of the shared listener on this port of the home load balancer, by priority. */
  static List<Rule> rulesOn(AwsFakeFixture aws, int port) {
    return await(DescribeRules.run(aws.provider.calls(home(), CallPriority.READ), listenerOn(aws, port).listenerArn()));
  }

  static Map<String, String> tagsOf(AwsFakeFixture aws, String arn) {
    return await(DescribeElbTags.run(aws.provider.calls(home(), CallPriority.READ), List.of(arn))).get(arn);
  }

  private static CloudException failureOf(CompletableFuture<?> future) {
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(CloudException.class, thrown.getCause());
  }

  /**
   * The traffic and preview ports with rate limits out of the way, on their own load balancer in the home account of
   * the fixture's fake: for tests that make many calls at once.
   */
  static final class FastAdapter implements AutoCloseable {
    final AwsClientProvider provider;
    final AwsTrafficPort traffic;
    final AwsPreviewPort previews;
    final String loadBalancer;

    FastAdapter(AwsFakeFixture aws, String loadBalancerName) {
      loadBalancer = aws.fake.createLoadBalancer(HOME, REGION, loadBalancerName);
      AwsSettings settings = AwsSettings.defaults(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAHOME", "secret")), "flotilla-test")
          .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(50))
          .withEndpointOverrides(Map.of("elbv2", aws.fake.endpoint("elbv2")));
      for (ApiFamily family : ApiFamily.values()) {
        settings = settings.withRateLimit(family, new RateLimit(10_000, 10_000));
      }
      provider = new AwsClientProvider(settings, List.of(AwsAccount.home(HOME, "home")));
      AwsNetwork network = new AwsNetwork("vpc-home", List.of("subnet-a"), loadBalancer);
      traffic = new AwsTrafficPort(provider, placement -> network, settings.owner());
      previews = new AwsPreviewPort(provider, placement -> network, settings.owner());
    }

    List<Listener> listeners() {
      return await(provider.calls(home(), CallPriority.READ).elb(ApiFamily.ELB_DESCRIBE,
          client -> client.describeListeners(request -> request.loadBalancerArn(loadBalancer)))).listeners();
    }

    Listener listener(int port) {
      return await(FindListener.run(provider.calls(home(), CallPriority.READ), loadBalancer, port)).orElseThrow();
    }

    List<Rule> rules(int port) {
      return await(DescribeRules.run(provider.calls(home(), CallPriority.READ), listener(port).listenerArn()));
    }

    @Override
    public void close() {
      provider.close();
    }
  }
}
