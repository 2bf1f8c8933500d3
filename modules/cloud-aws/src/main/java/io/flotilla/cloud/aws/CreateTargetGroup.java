package io.flotilla.cloud.aws;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** CreateTargetGroup, tagged. AWS itself returns the existing group for a repeated create with the same settings. */
final class CreateTargetGroup {
  private CreateTargetGroup() {}

  static CompletionStage<TargetGroup> run(AwsCalls calls, String name, String vpcId, int port,
      String healthCheckPath, Map<String, String> tags) {
    Tag[] elbTags = tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toArray(Tag[]::new);
    return calls.elb(ApiFamily.ELB_MUTATE, client -> client.createTargetGroup(request -> request.name(name).protocol("HTTP").port(port).vpcId(vpcId)
            .targetType("instance").healthCheckPath(healthCheckPath).tags(elbTags)))
        .thenApply(response -> response.targetGroups().get(0));
  }
}
