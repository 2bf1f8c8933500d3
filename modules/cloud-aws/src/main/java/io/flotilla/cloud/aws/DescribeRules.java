package io.flotilla.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/** DescribeRules: all rules of a listener (every page, the default rule left out), or one rule by ARN. */
final class DescribeRules {
  /** The most AWS returns per page. */
  private static final int PAGE_SIZE = 400;

  private DescribeRules() {}

  static CompletionStage<List<Rule>> run(AwsCalls calls, String listenerArn) {
    return page(calls, listenerArn, null, new ArrayList<>());
  }

  /** The rule, or empty when it does not exist (any more). */
  static CompletionStage<Optional<Rule>> byArn(AwsCalls calls, String ruleArn) {
    return calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeRules(request -> request.ruleArns(ruleArn)))
        .thenApply(response -> response.rules().stream().findFirst())
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "RuleNotFound")
            ? CompletableFuture.completedFuture(Optional.empty())
            : CompletableFuture.failedFuture(failure));
  }

  private static CompletionStage<List<Rule>> page(AwsCalls calls, String listenerArn, String marker, List<Rule> sofar) {
    return calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeRules(request -> request.listenerArn(listenerArn)
            .pageSize(PAGE_SIZE).marker(marker)))
        .thenCompose(response -> {
          response.rules().stream().filter(rule -> !Boolean.TRUE.equals(rule.isDefault())).forEach(sofar::add);
          String next = response.nextMarker();
          return next == null || next.isEmpty()
              ? CompletableFuture.completedFuture(sofar)
              : page(calls, listenerArn, next, sofar);
        });
  }
}
