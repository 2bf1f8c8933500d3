package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.aws.fake.FakeAws;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, criterion c: a node is killed (SIGKILL) after it asked AWS to create an environment's auto-scaling group
 * and before the answer came back; the call is still in flight and lands later. The next node repeats the create,
 * which must find or finish the same stack instead of making a second one.
 */
class AwsCrashTest {
  private static final String ACCOUNT = "500000000005";
  private static final String REGION = "eu-west-1";
  private static final Duration STALL = Duration.ofSeconds(40);

  @Test
  void aNodeKilledBetweenCreateRequestedAndCreateReportedLeavesOneStack() throws Exception {
    try (FakeAws aws = FakeAws.start().registerAccount("AKIACRASH", ACCOUNT).healthyAfter(Duration.ofMillis(300))) {
      String loadBalancer = aws.createLoadBalancer(ACCOUNT, REGION, "edge");
      String cloud = """
          flotilla.owner = flotilla-crash
          flotilla.cloud.kind = aws
          flotilla.cloud.aws {
            access-key-id = AKIACRASH
            secret-access-key = not-checked
            retry-base-delay = 10ms
            retry-max-backoff = 200ms
            endpoint-overrides { ec2 = "%s", autoscaling = "%s", elbv2 = "%s", monitoring = "%s", sts = "%s" }
            networks = [{account = "%s", region = %s, vpc-id = vpc-1, subnet-ids = [subnet-1], load-balancer-arn = "%s"}]
          }
          flotilla.accounts = [{id = "%s", alias = crash, regions = [%s]}]
          """.formatted(aws.endpoint("ec2"), aws.endpoint("autoscaling"), aws.endpoint("elbv2"), aws.endpoint("monitoring"),
          aws.endpoint("sts"), ACCOUNT, REGION, loadBalancer, ACCOUNT, REGION);
      String keyspace = TestNodeConfig.newKeyspace("awscrash");

      NodeProcess first = NodeProcess.startWith("aws-crash-a", keyspace, cloud);
      ApiClient api = new ApiClient(first.apiUrl());
      assertEquals(201, api.putYaml("/api/v1/services/ledger", """
          name: ledger
          account: crash
          region: eu-west-1
          endpoint: {host: ledger.example.com, port: 80}
          image: ami-0fedcba9876543210
          runtime: {minInstances: 2, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
          rollout: {steps: [{weight: 100}], environmentTimeout: 2m}
          analysis: {metrics: []}
          """).status());
      // the group create reaches AWS and hangs there for 40 s, long after the node that sent it is gone: the next
      // node starts meanwhile, finds no group and creates it; then the stalled create lands as a duplicate
      aws.faults().delayNext("CreateAutoScalingGroup", STALL, 1);
      assertEquals(202, api.release("ledger", "1.0.0").status());
      Eventually.until(Duration.ofSeconds(30), () -> aws.faults().calls("CreateAutoScalingGroup") >= 1,
          "the group create to be in flight");
      long stalledAt = System.nanoTime();
      first.kill();
      System.out.println("killed node a with CreateAutoScalingGroup in flight; groups now: "
          + aws.autoScalingGroupNames(ACCOUNT, REGION));

      try (NodeProcess second = NodeProcess.startWith("aws-crash-b", keyspace, cloud)) {
        ApiClient apiB = new ApiClient(second.apiUrl());
        JsonNode done = Eventually.value(Duration.ofSeconds(90), () -> {
          JsonNode status = apiB.status("ledger");
          return status.path("activeRelease").isObject() ? null : status;
        }, "node b to finish the release");
        JsonNode history = done.path("history");
        assertEquals("Promoted", history.get(history.size() - 1).path("phase").asText(), done.toString());
        // wait out the stalled call: it lands after node b's create, and is refused as a duplicate
        long left = STALL.toNanos() - (System.nanoTime() - stalledAt);
        Thread.sleep(Math.max(0, left / 1_000_000) + 1_000);
        List<String> groups = aws.autoScalingGroupNames(ACCOUNT, REGION);
        assertEquals(1, groups.size(), "one auto-scaling group: " + groups);
        assertEquals(1, aws.launchTemplateNames(ACCOUNT, REGION).size(), "one launch template");
        assertEquals(1, aws.targetGroupNames(ACCOUNT, REGION).size(), "one target group");
        int creates = aws.faults().calls("CreateAutoScalingGroup");
        System.out.printf("CreateAutoScalingGroup calls: %d (the stalled one and node b's); groups: %s%n", creates, groups);
        assertEquals(2, creates, "node b repeated the create once, while the first was still in flight");
        JsonNode events = apiB.get("/api/v1/events?service=ledger&limit=1000").body().path("events");
        int requested = 0;
        for (JsonNode event : events) {
          requested += event.path("type").asText().equals("EnvironmentRequested") ? 1 : 0;
        }
        assertEquals(1, requested, "one environment decided");
      }
    }
  }
}
