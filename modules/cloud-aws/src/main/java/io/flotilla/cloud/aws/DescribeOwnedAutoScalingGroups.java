package io.flotilla.cloud.aws;

import io.flotilla.cloud.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;

/**
 * DescribeAutoScalingGroups filtered by the owner tag, every page (100 groups each, the most AWS allows), each page
 * through the rate limit. A group comes with its instances and their health, so one scan needs no other call.
 */
final class DescribeOwnedAutoScalingGroups {
  static final int PAGE_SIZE = 100;

  private DescribeOwnedAutoScalingGroups() {}

  static CompletionStage<List<AutoScalingGroup>> run(AwsCalls calls, String owner) {
    return page(calls, Filter.builder().name("tag:" + Tags.OWNER).values(owner).build(), null, new ArrayList<>());
  }

  private static CompletionStage<List<AutoScalingGroup>> page(
      AwsCalls calls, Filter owned, String nextToken, List<AutoScalingGroup> found) {
    return calls.autoScaling(ApiFamily.AUTOSCALING_DESCRIBE, client -> client.describeAutoScalingGroups(request -> request
            .filters(owned).maxRecords(PAGE_SIZE).nextToken(nextToken)))
        .thenCompose(response -> {
          found.addAll(response.autoScalingGroups());
          String next = response.nextToken();
          return next == null || next.isEmpty() ? CompletableFuture.completedFuture(found) : page(calls, owned, next, found);
        });
  }
}
