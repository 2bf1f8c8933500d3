package io.flotilla.cloud.aws;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** CreateRule: one {@code host-header} condition, one action, tagged. Fails with PriorityInUse if the priority is taken. */
final class CreateRule {
  private CreateRule() {}

  static CompletionStage<Rule> run(AwsCalls calls, String listenerArn, int priority, String host, Action action,
      Map<String, String> tags) {
    Tag[] elbTags = tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toArray(Tag[]::new);
    return calls.elb(ApiFamily.ELB_MUTATE, client -> client.createRule(request -> request.listenerArn(listenerArn).priority(priority)
            .conditions(condition -> condition.field(HostRules.HOST_HEADER).hostHeaderConfig(config -> config.values(host)))
            .actions(action).tags(elbTags)))
        .thenApply(response -> response.rules().get(0));
  }
}
