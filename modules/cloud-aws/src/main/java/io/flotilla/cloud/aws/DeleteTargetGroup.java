package io.flotilla.cloud.aws;

import java.util.concurrent.CompletionStage;

/** DeleteTargetGroup by ARN (AWS treats a missing one as deleted). Fails with ResourceInUse while a listener forwards to it. */
final class DeleteTargetGroup {
  private DeleteTargetGroup() {}

  static CompletionStage<Void> run(AwsCalls calls, String arn) {
    return calls.elb(ApiFamily.ELB_MUTATE, client -> client.deleteTargetGroup(request -> request.targetGroupArn(arn))).thenApply(response -> null);
  }
}
