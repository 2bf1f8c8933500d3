package io.flotilla.cloud.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * The actions Flotilla puts on rules and listeners: one weighted {@code forward} over target groups (AWS weights
 * 0–999), a 503 fixed response while no target group has weight, and 404 for hosts no rule matches. It also reads
 * the forward weights back from actions.
 */
final class RuleActions {
  /** What an endpoint answers before any environment gets traffic. */
  static final String NO_TRAFFIC = "503";
  /** What the shared listener answers for a host that has no endpoint. */
  static final String NO_ENDPOINT = "404";

  private RuleActions() {}

  /** A weighted forward, or the 503 fixed response when there is no target group. */
  static Action forward(Map<String, Integer> awsWeightsByArn) {
    if (awsWeightsByArn.isEmpty()) {
      return fixed(NO_TRAFFIC);
    }
    TargetGroupTuple[] targets = awsWeightsByArn.entrySet().stream()
        .map(entry -> TargetGroupTuple.builder().targetGroupArn(entry.getKey()).weight(entry.getValue()).build())
        .toArray(TargetGroupTuple[]::new);
    return Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(forward -> forward.targetGroups(targets)).build();
  }

  static Action fixed(String statusCode) {
    return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
        .fixedResponseConfig(fixed -> fixed.statusCode(statusCode).contentType("text/plain")).build();
  }

  /** The forward weights of these actions by target group ARN; a plain single-group forward counts as weight 1. */
  static Map<String, Integer> forwardWeights(List<Action> actions) {
    Map<String, Integer> byArn = new LinkedHashMap<>();
    for (Action action : actions) {
      if (action.type() == ActionTypeEnum.FORWARD && action.forwardConfig() != null && action.forwardConfig().hasTargetGroups()) {
        for (TargetGroupTuple target : action.forwardConfig().targetGroups()) {
          byArn.put(target.targetGroupArn(), target.weight() == null ? 1 : target.weight());
        }
      } else if (action.type() == ActionTypeEnum.FORWARD && action.targetGroupArn() != null) {
        byArn.put(action.targetGroupArn(), 1);
      }
    }
    return byArn;
  }
}
