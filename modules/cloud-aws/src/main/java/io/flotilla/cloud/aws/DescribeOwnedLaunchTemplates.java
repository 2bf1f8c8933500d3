package io.flotilla.cloud.aws;

import io.flotilla.cloud.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;

/** DescribeLaunchTemplates filtered by the owner tag, every page (200 templates each, the most AWS allows). */
final class DescribeOwnedLaunchTemplates {
  static final int PAGE_SIZE = 200;

  private DescribeOwnedLaunchTemplates() {}

  static CompletionStage<List<LaunchTemplate>> run(AwsCalls calls, String owner) {
    return page(calls, Filter.builder().name("tag:" + Tags.OWNER).values(owner).build(), null, new ArrayList<>());
  }

  private static CompletionStage<List<LaunchTemplate>> page(
      AwsCalls calls, Filter owned, String nextToken, List<LaunchTemplate> found) {
    return calls.ec2(ApiFamily.EC2_DESCRIBE, client -> client.describeLaunchTemplates(request -> request
            .filters(owned).maxResults(PAGE_SIZE).nextToken(nextToken)))
        .thenCompose(response -> {
          found.addAll(response.launchTemplates());
          String next = response.nextToken();
          return next == null || next.isEmpty() ? CompletableFuture.completedFuture(found) : page(calls, owned, next, found);
        });
  }
}
