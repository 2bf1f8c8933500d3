package io.flotilla.cloud.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** DeleteAutoScalingGroup with ForceDelete (terminates its instances); a missing group counts as deleted. */
final class DeleteAutoScalingGroup {
  private DeleteAutoScalingGroup() {}

  static CompletionStage<Void> run(AwsCalls calls, String name) {
    return calls.autoScaling(ApiFamily.AUTOSCALING_MUTATE, client -> client.deleteAutoScalingGroup(request -> request.autoScalingGroupName(name).forceDelete(true)))
        .<Void>thenApply(response -> null)
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "ValidationError") && String.valueOf(AwsErrors.unwrap(failure).getMessage()).contains("not found")
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(failure));
  }
}
