package io.flotilla.cloud.aws;

import io.flotilla.model.RuntimeSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.autoscaling.model.Tag;

/** CreateAutoScalingGroup from a launch template into a target group, tags propagated to instances; an existing group is success. */
final class CreateAutoScalingGroup {
  private CreateAutoScalingGroup() {}

  static CompletionStage<Void> run(AwsCalls calls, String name, String launchTemplateId,
      String targetGroupArn, List<String> subnetIds, RuntimeSpec runtime, Map<String, String> tags) {
    Tag[] asgTags = tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue())
        .propagateAtLaunch(true).resourceId(name).resourceType("auto-scaling-group").build()).toArray(Tag[]::new);
    return calls.autoScaling(ApiFamily.AUTOSCALING_MUTATE, client -> client.createAutoScalingGroup(request -> request.autoScalingGroupName(name)
            .launchTemplate(template -> template.launchTemplateId(launchTemplateId).version("$Default"))
            .minSize(runtime.minInstances()).maxSize(runtime.maxInstances()).desiredCapacity(runtime.minInstances())
            .vpcZoneIdentifier(String.join(",", subnetIds)).targetGroupARNs(targetGroupArn)
            .healthCheckType("ELB").healthCheckGracePeriod(runtime.healthCheck().intervalSeconds() * 6).tags(asgTags)))
        .<Void>thenApply(response -> null)
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "AlreadyExists")
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(failure));
  }
}
