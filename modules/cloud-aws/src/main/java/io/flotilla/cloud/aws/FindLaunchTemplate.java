package io.flotilla.cloud.aws;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;

/** DescribeLaunchTemplates by name; a missing template is empty, not an error. */
final class FindLaunchTemplate {
  private FindLaunchTemplate() {}

  static CompletionStage<Optional<LaunchTemplate>> run(AwsCalls calls, String name) {
    return calls.ec2(ApiFamily.EC2_DESCRIBE, client -> client.describeLaunchTemplates(request -> request.launchTemplateNames(name)))
        .thenApply(response -> response.launchTemplates().stream().findFirst())
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "InvalidLaunchTemplateName.NotFoundException")
            ? CompletableFuture.completedFuture(Optional.empty())
            : CompletableFuture.failedFuture(failure));
  }
}
