package io.flotilla.cloud.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/** DeleteListener; a missing listener counts as deleted. */
final class DeleteListener {
  private DeleteListener() {}

  static CompletionStage<Void> run(ElasticLoadBalancingV2AsyncClient elb, String listenerArn) {
    return elb.deleteListener(request -> request.listenerArn(listenerArn))
        .<Void>thenApply(response -> null)
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "ListenerNotFound")
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(failure));
  }
}
