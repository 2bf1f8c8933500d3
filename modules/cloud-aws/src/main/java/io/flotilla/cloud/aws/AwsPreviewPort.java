package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.PreviewPort;
import io.flotilla.cloud.Tags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * A preview is a host-header rule next to its endpoint's rule, on the same shared listener, for the host
 * {@code <first label>-preview.<rest>} ({@code checkout.example.com} → {@code checkout-preview.example.com}), that
 * forwards only to the new environment's target group. It is tagged {@code flotilla:preview=true} so it is never taken
 * for an endpoint. Opening is idempotent and re-points an open preview at the given environment.
 */
public final class AwsPreviewPort implements PreviewPort {
  private final AwsClientProvider provider;
  private final Function<Placement, AwsNetwork> networks;
  private final String owner;

  public AwsPreviewPort(AwsClientProvider provider, Function<Placement, AwsNetwork> networks, String owner) {
    this.provider = provider;
    this.networks = networks;
    this.owner = owner;
  }

  @Override
  public CompletionStage<String> openPreview(EndpointRef endpoint, String environmentId) {
    return call("open preview of " + endpoint.service(), () -> {
      AwsCalls calls = provider.calls(endpoint.placement(), CallPriority.CREATE);
      int port = SharedListener.portOf(endpoint);
      String host = HostRules.previewHost(endpoint.address().host());
      Map<String, String> tags = Map.of(Tags.SERVICE, endpoint.service(), Tags.OWNER, owner, HostRules.PREVIEW_TAG, "true");
      CompletionStage<Listener> listener = SharedListener.ensure(calls, loadBalancerOf(endpoint.placement()), port, owner);
      CompletionStage<String> group = FindTargetGroups.run(calls, List.of(AwsNames.targetGroup(environmentId)))
          .thenApply(found -> found.values().stream().findFirst().map(TargetGroup::targetGroupArn).orElseThrow(
              () -> new CloudException("environment " + environmentId + " has no target group", false)));
      return listener.thenCombine(group, Map::entry).thenCompose(found -> {
        String listenerArn = found.getKey().listenerArn();
        Map<String, Integer> onlyNew = Map.of(found.getValue(), 1);
        return DescribeRules.run(calls, listenerArn)
            .thenCompose(rules -> EnsureHostRule.run(calls, listenerArn, host, RuleActions.forward(onlyNew), tags, rules))
            .thenCompose(rule -> forwardsOnlyTo(rule, found.getValue())
                ? CompletableFuture.completedFuture(rule)
                : ModifyRuleForward.run(calls, rule.ruleArn(), onlyNew));
      }).thenApply(rule -> SharedListener.urlOf(host, port));
    });
  }

  /** Deletes the preview's rule (and any duplicate a race left); a missing listener or rule counts as closed. */
  @Override
  public CompletionStage<Void> closePreview(EndpointRef endpoint) {
    return call("close preview of " + endpoint.service(), () -> {
      AwsCalls calls = provider.calls(endpoint.placement(), CallPriority.DELETE);
      String host = HostRules.previewHost(endpoint.address().host());
      return SharedListener.find(calls, loadBalancerOf(endpoint.placement()), SharedListener.portOf(endpoint))
          .thenCompose(listener -> listener.isEmpty()
              ? CompletableFuture.completedFuture(List.<Rule>of())
              : DescribeRules.run(calls, listener.get().listenerArn()))
          .thenCompose(rules -> CompletableFuture.allOf(HostRules.withHost(rules, host).stream()
              .map(rule -> DeleteRule.run(calls, rule.ruleArn()).toCompletableFuture()).toArray(CompletableFuture[]::new)));
    });
  }

  private static boolean forwardsOnlyTo(Rule rule, String targetGroupArn) {
    Map<String, Integer> weights = RuleActions.forwardWeights(rule.actions());
    return weights.keySet().equals(Set.of(targetGroupArn)) && weights.get(targetGroupArn) > 0;
  }

  private String loadBalancerOf(Placement placement) {
    return networks.apply(provider.canonical(placement)).loadBalancerArn();
  }

  private static <T> CompletionStage<T> call(String what, Supplier<CompletionStage<T>> work) {
    return AwsErrors.translated(what, CompletableFuture.supplyAsync(work).thenCompose(stage -> stage));
  }
}
