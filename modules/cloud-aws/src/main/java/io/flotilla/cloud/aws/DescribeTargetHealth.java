package io.flotilla.cloud.aws;

import java.util.List;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/** DescribeTargetHealth of one target group, as the states of its targets. */
final class DescribeTargetHealth {
  private DescribeTargetHealth() {}

  static CompletionStage<List<TargetHealthStateEnum>> run(AwsCalls calls, String targetGroupArn) {
    return calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeTargetHealth(request -> request.targetGroupArn(targetGroupArn)))
        .thenApply(response -> response.targetHealthDescriptions().stream().map(target -> target.targetHealth().state()).toList());
  }
}
