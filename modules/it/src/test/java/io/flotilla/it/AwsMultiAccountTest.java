package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flotilla.aws.fake.FakeAws;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.aws.AwsAccount;
import io.flotilla.cloud.aws.AwsCloud;
import io.flotilla.cloud.aws.AwsNetwork;
import io.flotilla.cloud.aws.AwsSettings;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.RuntimeSpec;
import io.flotilla.server.FlotillaNode;
import io.flotilla.testkit.TestCassandra;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, criterion a: a real node drives three AWS accounts through the real SDK against the wire-level fake AWS
 * (endpoint overrides, static credentials for its home account, AssumeRole with external ids into the other two):
 * release, phased shift, rollback and garbage collection, with every account's resources staying in that account.
 * The AWS cloud is built from configuration exactly as {@code flotilla.cloud.kind = aws} builds it in production.
 */
class AwsMultiAccountTest {
  private static final String REGION = "us-east-1";
  private static final String HOME = "100000000001";
  private static final String STAGE = "200000000002";
  private static final String PROD = "300000000003";
  private static final List<String> ACCOUNTS = List.of(HOME, STAGE, PROD);

  private static FakeAws aws;
  private static FlotillaNode node;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    aws = FakeAws.start().registerAccount("AKIAFLOTILLA", HOME).healthyAfter(Duration.ofMillis(300));
    StringBuilder networks = new StringBuilder();
    for (String account : ACCOUNTS) {
      String loadBalancer = aws.createLoadBalancer(account, REGION, "edge");
      networks.append("{account = \"%s\", region = %s, vpc-id = vpc-%s, subnet-ids = [subnet-a, subnet-b], load-balancer-arn = \"%s\"}\n"
          .formatted(account, REGION, account, loadBalancer));
    }
    Config config = ConfigFactory.parseString("""
        flotilla.http.port = 0
        flotilla.owner = flotilla-it
        flotilla.engine.sweeper { enabled = off, grace-period = 2s }
        flotilla.cloud.kind = aws
        flotilla.cloud.aws {
          access-key-id = AKIAFLOTILLA
          secret-access-key = not-checked
          retry-base-delay = 10ms
          retry-max-backoff = 200ms
          endpoint-overrides { ec2 = "%s", autoscaling = "%s", elbv2 = "%s", monitoring = "%s", sts = "%s" }
          networks = [ %s ]
        }
        flotilla.accounts = [
          {id = "%s", alias = home, regions = [us-east-1]}
          {id = "%s", alias = stage, roleArn = "arn:aws:iam::%s:role/flotilla-deploy", externalId = stage-ext-1, regions = [us-east-1]}
        ]
        """.formatted(aws.endpoint("ec2"), aws.endpoint("autoscaling"), aws.endpoint("elbv2"), aws.endpoint("monitoring"),
            aws.endpoint("sts"), networks, HOME, STAGE, STAGE))
        .withFallback(TestNodeConfig.node(TestCassandra.contactPoint(), TestNodeConfig.newKeyspace("aws"), 0));
    node = FlotillaNode.start(config, null);
    api = new ApiClient(node.apiUrl());
    // the third account is registered at runtime, as an operator would
    ApiClient.Response registered = api.putJson("/api/v1/accounts/" + PROD, """
        {"alias": "prod", "roleArn": "arn:aws:iam::%s:role/flotilla-deploy", "externalId": "prod-ext-1", "regions": ["us-east-1"]}
        """.formatted(PROD));
    assertEquals(201, registered.status(), registered.text());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    if (aws != null) {
      aws.close();
    }
  }

  @Test
  void releaseShiftRollbackAndGcInThreeAccountsEachKeepingItsOwnResources() {
    Map<String, String> serviceByAccount = Map.of(HOME, "orders-home", STAGE, "orders-stage", PROD, "orders-prod");
    Map<String, String> aliasByAccount = Map.of(HOME, "home", STAGE, "stage", PROD, PROD);
    serviceByAccount.forEach((account, service) -> {
      ApiClient.Response put = api.putYaml("/api/v1/services/" + service, spec(service, aliasByAccount.get(account)));
      assertEquals(201, put.status(), put.text());
      assertEquals(202, api.release(service, "1.0.0").status());
    });
    serviceByAccount.values().forEach(service -> assertEquals("Promoted", lastOutcome(awaitIdle(service))));

    serviceByAccount.values().forEach(service -> assertEquals(202, api.release(service, "2.0.0").status()));
    for (String service : serviceByAccount.values()) {
      assertEquals(Map.of("1.0.0", 50, "2.0.0", 50), applied(awaitPhase(service, "Holding", 1)));
      // every split the adapter applied and read back from the listener rule: 1.0.0 alone, then the two phases
      assertEquals(List.of(List.of(100), List.of(20, 80), List.of(50, 50)), shifts(service), service);
    }
    serviceByAccount.forEach((account, service) ->
        assertEquals(2, named(aws.autoScalingGroupNames(account, REGION), service).size(), "two live versions in " + account));

    serviceByAccount.values().forEach(service ->
        assertEquals(202, api.post("/api/v1/services/" + service + "/rollback", "{}").status()));
    for (String service : serviceByAccount.values()) {
      JsonNode status = awaitIdle(service);
      assertEquals("RolledBack", lastOutcome(status));
      assertEquals(Map.of("1.0.0", 100), applied(status));
    }

    // garbage collection removes 2.0.0's whole stack; each account holds exactly its own service's 1.0.0 stack
    serviceByAccount.forEach((account, service) -> Eventually.until(Duration.ofSeconds(60), () ->
        named(aws.autoScalingGroupNames(account, REGION), service).size() == 1
            && named(aws.launchTemplateNames(account, REGION), service).size() == 1
            && named(aws.targetGroupNames(account, REGION), service).size() == 1, "2.0.0 collected in " + account));
    serviceByAccount.forEach((account, service) -> {
      List<String> groups = named(aws.autoScalingGroupNames(account, REGION), service);
      assertTrue(groups.get(0).contains("1-0-0"), account + " holds " + groups);
      for (String other : ACCOUNTS) {
        if (!other.equals(account)) {
          assertEquals(List.of(), named(aws.autoScalingGroupNames(other, REGION), service), service + " stays out of " + other);
          assertEquals(List.of(), named(aws.launchTemplateNames(other, REGION), service), service + " stays out of " + other);
          assertEquals(List.of(), named(aws.targetGroupNames(other, REGION), service), service + " stays out of " + other);
        }
      }
    });
    // Flotilla reached the two other accounts only through their roles, with their external ids
    java.util.Set<String> assumed = new java.util.HashSet<>();
    aws.assumedRoles().forEach(role -> assumed.add(role.roleArn() + " " + role.externalId()));
    assertTrue(assumed.containsAll(List.of("arn:aws:iam::" + STAGE + ":role/flotilla-deploy stage-ext-1",
        "arn:aws:iam::" + PROD + ":role/flotilla-deploy prod-ext-1")), assumed.toString());
    JsonNode events = api.get("/api/v1/events?service=orders-prod").body().path("events");
    assertEquals(PROD, events.path(0).path("account").asText(), "events carry the account as the spec names it");
    assertEquals(REGION, events.path(0).path("region").asText());
  }

  /** The weights of each TrafficShifted event of the service, sorted, in order. */
  private static List<List<Integer>> shifts(String service) {
    List<List<Integer>> out = new java.util.ArrayList<>();
    api.get("/api/v1/events?limit=1000&service=" + service).body().path("events").forEach(event -> {
      if (event.path("type").asText().equals("TrafficShifted")) {
        List<Integer> weights = new java.util.ArrayList<>();
        event.path("data").path("split").path("weights").forEach(weight -> weights.add(weight.asInt()));
        weights.removeIf(weight -> weight == 0);
        weights.sort(null);
        out.add(weights);
      }
    });
    return out;
  }

  @Test
  void releasesCompleteWhileAwsThrottlesAndFailsAndTheThrottlingIsCounted() {
    String service = "ledger-stage";
    assertEquals(201, api.putYaml("/api/v1/services/" + service, spec(service, "stage")).status());
    // more throttling and 5xx than one SDK call's retry budget (5 attempts) absorbs, on the create, shift and
    // describe paths: the engine retries those with its own backoff
    aws.faults().throttleNext("CreateAutoScalingGroup", 7);
    aws.faults().serverErrorNext("CreateTargetGroup", 3);
    aws.faults().throttleNext("ModifyRule", 7);
    aws.faults().throttleNext("DescribeAutoScalingGroups", 4);
    assertEquals(202, api.release(service, "1.0.0").status());
    JsonNode first = awaitIdle(service);
    assertEquals("Promoted", lastOutcome(first), first.toString());
    aws.faults().serverErrorNext("ModifyRule", 4);
    assertEquals(202, api.release(service, "2.0.0").status());
    awaitPhase(service, "Holding", 1);
    assertEquals(202, api.post("/api/v1/services/" + service + "/promote", "{}").status());
    JsonNode second = awaitIdle(service);
    assertEquals("Promoted", lastOutcome(second), second.toString());
    assertEquals(Map.of("2.0.0", 100), applied(second));
    assertTrue(aws.faults().calls("CreateAutoScalingGroup") >= 8, "the throttled creates were retried");
    assertTrue(aws.faults().calls("ModifyRule") >= 8, "the throttled and failed shifts were retried");

    String metrics = api.get("/metrics").text();
    assertTrue(metrics.contains("flotilla_aws_throttled_total{account=\"" + STAGE + "\",region=\"us-east-1\",operation=\"ModifyRule\"}"),
        metrics);
    assertTrue(metrics.contains("flotilla_aws_calls_started_total{account=\"" + STAGE + "\",region=\"us-east-1\",family=\"elbv2-modify\"}"),
        metrics);
    System.out.println(metrics.lines().filter(line -> line.startsWith("flotilla_aws_throttled_total")).toList());
  }

  @Test
  void theOrphanSweeperDeletesOnlyOurTaggedStackThatNoServiceKnowsInItsOwnAccount() throws Exception {
    // a stack of ours for a service Flotilla does not know (a create that outlived its service), and one of another
    // installation, made with the real adapter in the prod account; plus the stacks of a live service
    String owned = "ledger-prod";
    assertEquals(201, api.putYaml("/api/v1/services/" + owned, spec(owned, PROD)).status());
    assertEquals(202, api.release(owned, "1.0.0").status());
    assertEquals("Promoted", lastOutcome(awaitIdle(owned)));
    String ghost = createOutsideFlotilla("flotilla-it", "ghost", PROD);
    String foreign = createOutsideFlotilla("someone-else", "ghost", PROD);
    String elsewhere = createOutsideFlotilla("flotilla-it", "spectre", STAGE);
    List<String> before = aws.autoScalingGroupNames(PROD, REGION);

    JsonNode dryRun = Eventually.value(Duration.ofSeconds(30), () -> {
      JsonNode report = api.post("/api/v1/orphans/sweep", "{\"dryRun\": true}").body();
      return report.toString().contains("WOULD_DELETE") ? report : null;
    }, "the ghost's grace period to pass");
    assertEquals(List.of(ghost + " WOULD_DELETE", elsewhere + " WOULD_DELETE"), findings(dryRun), dryRun.toString());
    assertEquals(before, aws.autoScalingGroupNames(PROD, REGION), "a dry run deletes nothing");

    JsonNode swept = api.post("/api/v1/orphans/sweep", "{\"dryRun\": false}").body();
    assertEquals(List.of(ghost + " DELETED", elsewhere + " DELETED"), findings(swept), swept.toString());
    List<String> after = aws.autoScalingGroupNames(PROD, REGION);
    assertTrue(after.stream().noneMatch(name -> name.contains(ghost)), "ours is gone: " + after);
    assertTrue(after.stream().anyMatch(name -> name.contains(foreign)), "another owner's stays: " + after);
    assertTrue(after.stream().anyMatch(name -> name.contains(owned)), "the live service's stays: " + after);
    assertTrue(aws.launchTemplateNames(PROD, REGION).stream().noneMatch(name -> name.contains(ghost)));
    assertTrue(aws.autoScalingGroupNames(STAGE, REGION).stream().noneMatch(name -> name.contains(elsewhere)));
  }

  /** Creates a stack with the real adapter, as an installation with {@code owner} would; returns its id. */
  private static String createOutsideFlotilla(String owner, String service, String account) throws Exception {
    String id = service + "-" + owner + "-" + account.substring(0, 3) + "-r1";
    AwsSettings settings = AwsSettings.defaults(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAFLOTILLA", "not-checked")), owner)
        .withEndpointOverrides(Map.of("ec2", aws.endpoint("ec2"), "autoscaling", aws.endpoint("autoscaling"),
            "elbv2", aws.endpoint("elbv2"), "monitoring", aws.endpoint("monitoring"), "sts", aws.endpoint("sts")));
    Map<Placement, AwsNetwork> networks = Map.of(new Placement(account, REGION), new AwsNetwork("vpc-1", List.of("subnet-a"),
        "arn:aws:elasticloadbalancing:us-east-1:" + account + ":loadbalancer/app/unused/1"));
    List<AwsAccount> accounts = List.of(AwsAccount.viaRole(account, account, "arn:aws:iam::" + account
        + ":role/flotilla-deploy", "x-" + owner));
    try (AwsCloud other = AwsCloud.start(settings, idOrAlias -> accounts.stream()
        .filter(known -> known.id().equals(idOrAlias)).findFirst(), networks, Duration.ofMillis(10))) {
      RuntimeSpec runtime = new RuntimeSpec("t3.small", 1, 1, 8080, List.of(), Map.of(), HealthCheck.DEFAULT);
      other.provider().environments().create(new EnvironmentRequest(id, new Placement(account, REGION), service,
          "1.0.0", 1, "ami-0123456789abcdef0", runtime, Map.of())).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    return id;
  }

  /** The resource names that belong to {@code service} (all are named from its environment ids). */
  private static List<String> named(List<String> names, String service) {
    return names.stream().filter(name -> name.contains(service)).toList();
  }

  private static List<String> findings(JsonNode report) {
    List<String> out = new java.util.ArrayList<>();
    report.path("findings").forEach(finding -> out.add(finding.path("environmentId").asText() + " "
        + finding.path("action").asText()));
    out.sort(null);
    return out;
  }

  private static String spec(String name, String account) {
    return """
        name: %s
        team: orders
        account: "%s"
        region: us-east-1
        endpoint: {host: %s.example.com, port: 80}
        image: ami-0123456789abcdef0
        runtime: {instanceType: t3.small, minInstances: 2, maxInstances: 2, port: 8080, healthCheck: {path: /health, intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 20, hold: 1s}, {weight: 50, hold: 10m}, {weight: 100}], environmentTimeout: 1m}
        analysis: {metrics: []}
        retention: {keepPreviousFor: 1s}
        """.formatted(name, account, name);
  }

  private static JsonNode awaitIdle(String service) {
    return Eventually.value(Duration.ofSeconds(90), () -> {
      JsonNode status = api.status(service);
      return status.path("activeRelease").isMissingNode() || status.path("activeRelease").isNull() ? status : null;
    }, service + " to finish its release");
  }

  private static JsonNode awaitPhase(String service, String phase, int step) {
    return Eventually.value(Duration.ofSeconds(90), () -> {
      JsonNode status = api.status(service);
      JsonNode active = status.path("activeRelease");
      return phase.equals(active.path("phase").asText()) && active.path("step").asInt() == step
          && status.path("inSync").asBoolean() ? status : null;
    }, service + " to reach " + phase + " at step " + step);
  }

  private static String lastOutcome(JsonNode status) {
    JsonNode history = status.path("history");
    return history.get(history.size() - 1).path("phase").asText();
  }

  /** The split the adapter read back from AWS, by version. */
  private static Map<String, Integer> applied(JsonNode status) {
    Map<String, Integer> out = new TreeMap<>();
    status.path("applied").forEach(weight -> out.put(weight.path("version").asText(), weight.path("weight").asInt()));
    return out;
  }
}
