package io.flotilla.cloud.aws;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * ModifyRule: replaces the rule's action with one weighted {@code forward} over the target groups (AWS weights
 * 0–999), or a 503 fixed response when no target group has weight. All weights change in one call.
 */
final class ModifyRuleForward {
  private ModifyRuleForward() {}

  static CompletionStage<Rule> run(AwsCalls calls, String ruleArn, Map<String, Integer> awsWeightsByArn) {
    return calls.elb(ApiFamily.ELB_MODIFY, client -> client.modifyRule(request -> request.ruleArn(ruleArn)
            .actions(RuleActions.forward(awsWeightsByArn))))
        .thenApply(response -> response.rules().get(0));
  }
}
