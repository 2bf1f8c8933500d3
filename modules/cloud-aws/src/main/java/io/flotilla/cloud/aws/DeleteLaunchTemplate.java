package io.flotilla.cloud.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

/** DeleteLaunchTemplate by name; a missing template counts as deleted. */
final class DeleteLaunchTemplate {
  private DeleteLaunchTemplate() {}

  static CompletionStage<Void> run(Ec2AsyncClient ec2, String name) {
    return ec2.deleteLaunchTemplate(request -> request.launchTemplateName(name))
        .<Void>thenApply(response -> null)
        .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "InvalidLaunchTemplateName.NotFoundException", "InvalidLaunchTemplateId.NotFound")
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(failure));
  }
}
