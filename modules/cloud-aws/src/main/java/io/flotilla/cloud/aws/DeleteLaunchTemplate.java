package io.flotilla.cloud.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** DeleteLaunchTemplate by name; a missing template counts as deleted. */
final class DeleteLaunchTemplate {
  private DeleteLaunchTemplate() {}

  static CompletionStage<Void> run(AwsCalls calls, String name) {
    return calls.ec2(ApiFamily.EC2_MUTATE, client -> client.deleteLaunchTemplate(request -> request.launchTemplateName(name)))
        .<Void>thenApply(response -> null)
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "InvalidLaunchTemplateName.NotFoundException", "InvalidLaunchTemplateId.NotFound")
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(failure));
  }
}
