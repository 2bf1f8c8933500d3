package io.flotilla.cloud.aws;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** DescribeAutoScalingGroups by name; AWS answers an unknown name with an empty list. */
final class FindAutoScalingGroup {
  private FindAutoScalingGroup() {}

  static CompletionStage<Optional<AutoScalingGroup>> run(AwsCalls calls, String name) {
    return calls.autoScaling(ApiFamily.AUTOSCALING_DESCRIBE, client -> client.describeAutoScalingGroups(request -> request.autoScalingGroupNames(name)))
        .thenApply(response -> response.autoScalingGroups().stream().findFirst());
  }
}
