package io.flotilla.cloud.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * DescribeTargetGroups by name, many in one call. AWS fails the whole call if one name is missing, so on
 * {@code TargetGroupNotFound} it falls back to one call per name and leaves the missing ones out.
 */
final class FindTargetGroups {
  private FindTargetGroups() {}

  static CompletionStage<Map<String, TargetGroup>> run(AwsCalls calls, List<String> names) {
    if (names.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeTargetGroups(request -> request.names(names)))
        .thenApply(response -> byName(response.targetGroups()))
        .exceptionallyCompose(failure -> {
          if (!AwsErrors.hasCode(failure, "TargetGroupNotFound")) {
            return CompletableFuture.failedFuture(failure);
          }
          if (names.size() == 1) {
            return CompletableFuture.completedFuture(Map.of());
          }
          List<CompletableFuture<Map<String, TargetGroup>>> each =
              names.stream().map(name -> run(calls, List.of(name)).toCompletableFuture()).toList();
          return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> each.stream()
              .flatMap(found -> found.join().entrySet().stream())
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        });
  }

  private static Map<String, TargetGroup> byName(List<TargetGroup> groups) {
    return groups.stream().collect(Collectors.toMap(TargetGroup::targetGroupName, Function.identity()));
  }
}
