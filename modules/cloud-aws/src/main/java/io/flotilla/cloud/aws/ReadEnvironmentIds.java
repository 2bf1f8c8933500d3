package io.flotilla.cloud.aws;

import io.flotilla.cloud.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** DescribeTags on target groups (up to 20 per call): which environment each target group belongs to, by its env-id tag. */
final class ReadEnvironmentIds {
  private ReadEnvironmentIds() {}

  static CompletionStage<Map<String, String>> run(AwsCalls calls, List<String> targetGroupArns) {
    if (targetGroupArns.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeTags(request -> request.resourceArns(targetGroupArns))).thenApply(response -> {
      Map<String, String> out = new HashMap<>();
      response.tagDescriptions().forEach(description -> description.tags().stream()
          .filter(tag -> tag.key().equals(Tags.ENV_ID)).findFirst()
          .ifPresent(tag -> out.put(description.resourceArn(), tag.value())));
      return out;
    });
  }
}
