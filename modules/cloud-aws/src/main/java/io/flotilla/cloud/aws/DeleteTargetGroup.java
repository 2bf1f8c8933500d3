package io.flotilla.cloud.aws;

import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/** DeleteTargetGroup by ARN (AWS treats a missing one as deleted). Fails with ResourceInUse while a listener forwards to it. */
final class DeleteTargetGroup {
  private DeleteTargetGroup() {}

  static CompletionStage<Void> run(ElasticLoadBalancingV2AsyncClient elb, String arn) {
    return elb.deleteTargetGroup(request -> request.targetGroupArn(arn)).thenApply(response -> null);
  }
}
