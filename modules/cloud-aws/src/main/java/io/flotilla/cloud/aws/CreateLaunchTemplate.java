package io.flotilla.cloud.aws;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/** CreateLaunchTemplate, tagged; if another attempt created it first, returns that one. */
final class CreateLaunchTemplate {
  private CreateLaunchTemplate() {}

  static CompletionStage<LaunchTemplate> run(
      AwsCalls calls, String name, String imageId, String instanceType, Map<String, String> tags) {
    Tag[] ec2Tags = tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toArray(Tag[]::new);
    return calls.ec2(ApiFamily.EC2_MUTATE, client -> client.createLaunchTemplate(request -> request.launchTemplateName(name)
            .launchTemplateData(data -> data.imageId(imageId).instanceType(instanceType))
            .tagSpecifications(spec -> spec.resourceType(ResourceType.LAUNCH_TEMPLATE).tags(ec2Tags))))
        .thenApply(response -> response.launchTemplate())
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "InvalidLaunchTemplateName.AlreadyExistsException")
            ? FindLaunchTemplate.run(calls, name).thenApply(found -> found.orElseThrow(() -> AwsErrors.translate("CreateLaunchTemplate", failure)))
            : CompletableFuture.failedFuture(failure));
  }
}
