package io.flotilla.cloud.aws;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * ModifyListener: one weighted {@code forward} default action over the target groups (AWS weights 0–999), or a 503
 * fixed response when no target group has weight. All weights change in one call.
 */
final class ForwardWeighted {
  private ForwardWeighted() {}

  static CompletionStage<Void> run(AwsCalls calls, String listenerArn, Map<String, Integer> awsWeightsByArn) {
    if (awsWeightsByArn.isEmpty()) {
      return calls.elb(ApiFamily.ELB_MODIFY, client -> client.modifyListener(request -> request.listenerArn(listenerArn).defaultActions(action -> action
              .type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(fixed -> fixed.statusCode("503").contentType("text/plain")))))
          .thenApply(response -> null);
    }
    TargetGroupTuple[] targets = awsWeightsByArn.entrySet().stream()
        .map(entry -> TargetGroupTuple.builder().targetGroupArn(entry.getKey()).weight(entry.getValue()).build())
        .toArray(TargetGroupTuple[]::new);
    return calls.elb(ApiFamily.ELB_MODIFY, client -> client.modifyListener(request -> request.listenerArn(listenerArn).defaultActions(action -> action
            .type(ActionTypeEnum.FORWARD).forwardConfig(forward -> forward.targetGroups(targets)))))
        .thenApply(response -> null);
  }
}
