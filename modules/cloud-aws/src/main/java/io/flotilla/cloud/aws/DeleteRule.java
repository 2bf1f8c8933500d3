package io.flotilla.cloud.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** DeleteRule; a missing rule counts as deleted. */
final class DeleteRule {
  private DeleteRule() {}

  static CompletionStage<Void> run(AwsCalls calls, String ruleArn) {
    return calls.elb(ApiFamily.ELB_MUTATE, client -> client.deleteRule(request -> request.ruleArn(ruleArn)))
        .<Void>thenApply(response -> null)
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "RuleNotFound")
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(failure));
  }
}
