package io.flotilla.cloud.aws;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** DescribeAutoScalingGroups by name; AWS answers an unknown name with an empty list. */
final class FindAutoScalingGroup {
  private FindAutoScalingGroup() {}

  static CompletionStage<Optional<AutoScalingGroup>> run(AutoScalingAsyncClient autoScaling, String name) {
    return autoScaling.describeAutoScalingGroups(request -> request.autoScalingGroupNames(name))
        .thenApply(response -> response.autoScalingGroups().stream().findFirst());
  }
}
