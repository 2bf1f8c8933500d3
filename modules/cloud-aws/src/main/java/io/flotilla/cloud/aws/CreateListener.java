package io.flotilla.cloud.aws;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** CreateListener for a port shared by many endpoints: its default action answers 404 to hosts no rule matches. */
final class CreateListener {
  private CreateListener() {}

  static CompletionStage<Listener> run(AwsCalls calls, String loadBalancerArn, int port, Map<String, String> tags) {
    Tag[] elbTags = tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toArray(Tag[]::new);
    return calls.elb(ApiFamily.ELB_MUTATE, client -> client.createListener(request -> request.loadBalancerArn(loadBalancerArn)
            .protocol("HTTP").port(port).tags(elbTags).defaultActions(RuleActions.fixed(RuleActions.NO_ENDPOINT))))
        .thenApply(response -> response.listeners().get(0));
  }
}
