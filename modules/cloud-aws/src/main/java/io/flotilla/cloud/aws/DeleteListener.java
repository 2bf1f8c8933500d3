package io.flotilla.cloud.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** DeleteListener; a missing listener counts as deleted. */
final class DeleteListener {
  private DeleteListener() {}

  static CompletionStage<Void> run(AwsCalls calls, String listenerArn) {
    return calls.elb(ApiFamily.ELB_MUTATE, client -> client.deleteListener(request -> request.listenerArn(listenerArn)))
        .<Void>thenApply(response -> null)
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "ListenerNotFound")
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(failure));
  }
}
