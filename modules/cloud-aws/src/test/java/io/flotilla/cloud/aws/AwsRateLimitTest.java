package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.endpoint;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static io.flotilla.cloud.aws.AwsFakeFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, criterion b, at the adapter: with every ELB API family rate limited, a rollback issued behind a queue of
 * garbage-collection deletes and environment creates leaves ahead of them; and throttling answered by AWS is retried
 * and counted, never surfaced.
 */
class AwsRateLimitTest {
  @Test
  void aRollbackIsNotDelayedBehindQueuedDeletesAndCreates() throws Exception {
    RateLimit slow = new RateLimit(5, 2);
    try (AwsFakeFixture aws = new AwsFakeFixture(Duration.ZERO, settings -> settings
        .withRateLimit(ApiFamily.ELB_DESCRIBE, slow).withRateLimit(ApiFamily.ELB_MUTATE, slow)
        .withRateLimit(ApiFamily.ELB_MODIFY, slow))) {
      EndpointRef shop = endpoint(home(), "shop");
      String old = await(aws.environments.create(request(home(), "shop", "1.0.0"))).environmentId();
      String canary = await(aws.environments.create(request(home(), "shop", "2.0.0"))).environmentId();
      await(aws.traffic.ensureEndpoint(shop));
      await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of(old, 50, canary, 50))));
      List<String> stale = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        stale.add(await(aws.environments.create(request(home(), "old" + i, "1.0.0"))).environmentId());
      }

      // garbage collection of eight stacks and eight new environments queue up behind the ELB rate limits ...
      List<CompletableFuture<?>> background = new ArrayList<>();
      stale.forEach(id -> background.add(aws.environments.delete(home(), id).toCompletableFuture()));
      for (int i = 0; i < 8; i++) {
        background.add(aws.environments.create(request(home(), "new" + i, "1.0.0")).toCompletableFuture());
      }
      Thread.sleep(200);
      // ... and then the rollback comes
      long start = System.nanoTime();
      TrafficSplit back = await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of(old, 100)), CallPriority.ROLLBACK));
      long rollbackMillis = (System.nanoTime() - start) / 1_000_000;
      long unfinished = background.stream().filter(call -> !call.isDone()).count();
      CompletableFuture.allOf(background.toArray(CompletableFuture[]::new)).get(120, java.util.concurrent.TimeUnit.SECONDS);
      long allMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("rollback done in %d ms with %d of 16 queued GC/create calls still waiting; the queue drained"
          + " after %d ms%n", rollbackMillis, unfinished, allMillis);

      assertEquals(Map.of(old, 100), back.nonZero());
      assertTrue(unfinished >= 12, "the rollback went ahead of the queue; unfinished when it was done: " + unfinished);
      AwsCallStats stats = aws.provider.stats().stream().filter(s -> s.account().equals(AwsFakeFixture.HOME))
          .findFirst().orElseThrow();
      assertTrue(stats.families().get("elbv2-describe").delayed() > 0, "the limit did queue calls: " + stats);
    }
  }

  @Test
  void throttlingIsRetriedWithBackoffAndCounted() {
    try (AwsFakeFixture aws = new AwsFakeFixture(Duration.ZERO)) {
      EndpointRef shop = endpoint(home(), "shop");
      String old = await(aws.environments.create(request(home(), "shop", "1.0.0"))).environmentId();
      await(aws.traffic.ensureEndpoint(shop));
      aws.fake.faults().throttleNext("ModifyRule", 2);
      aws.fake.faults().throttleNext("DescribeAutoScalingGroups", 2);
      assertEquals(Map.of(old, 100), await(aws.traffic.setWeights(shop, new TrafficSplit(Map.of(old, 100)))).nonZero());
      assertTrue(await(aws.environments.describe(home(), old)).isPresent());
      AwsCallStats stats = aws.provider.stats().stream().filter(s -> s.account().equals(AwsFakeFixture.HOME))
          .findFirst().orElseThrow();
      assertEquals(4, stats.throttled(), stats.toString());
      assertEquals(2L, stats.throttledByOperation().get("ModifyRule"), stats.toString());
      assertEquals(2L, stats.throttledByOperation().get("DescribeAutoScalingGroups"), stats.toString());
    }
  }
}
