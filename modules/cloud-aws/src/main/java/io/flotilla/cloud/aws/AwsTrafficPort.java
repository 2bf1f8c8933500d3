package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.cloud.TrafficSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * An endpoint is a host-header rule on the listener its port shares on the placement's load balancer: the rule
 * matches the endpoint's host and its action is a weighted forward to the environments' target groups (503 while no
 * environment has weight). The rule is found by its host-header condition. Every change is read back to check it
 * applied. {@link #readAllEndpoints(Placement)} reads every endpoint of a placement in a few batched calls, for the
 * inventory scan.
 */
public final class AwsTrafficPort implements TrafficPort {
  private final AwsClientProvider provider;
  private final Function<Placement, AwsNetwork> networks;
  private final String owner;

  public AwsTrafficPort(AwsClientProvider provider, Function<Placement, AwsNetwork> networks, String owner) {
    this.provider = provider;
    this.networks = networks;
    this.owner = owner;
  }

  @Override
  public CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint) {
    return ensureEndpoint(endpoint, CallPriority.SHIFT);
  }

  @Override
  public CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint, CallPriority priority) {
    return call("ensure endpoint " + endpoint.service(), () -> {
      AwsCalls calls = provider.calls(endpoint.placement(), priority);
      String host = endpoint.address().host();
      Map<String, String> tags = Map.of(Tags.SERVICE, endpoint.service(), Tags.OWNER, owner);
      return SharedListener.ensure(calls, loadBalancerOf(endpoint.placement()), SharedListener.portOf(endpoint), owner)
          .thenCompose(listener -> DescribeRules.run(calls, listener.listenerArn())
              .thenCompose(rules -> EnsureHostRule.run(calls, listener.listenerArn(), host, RuleActions.forward(Map.of()), tags, rules)))
          .thenCompose(rule -> splitOf(calls, rule))
          .thenApply(split -> new EndpointInfo(endpoint, SharedListener.urlOf(host, SharedListener.portOf(endpoint)), split));
    });
  }

  @Override
  public CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split) {
    return setWeights(endpoint, split, CallPriority.SHIFT);
  }

  @Override
  public CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split, CallPriority priority) {
    return call("set weights of " + endpoint.service(), () -> {
      AwsCalls calls = provider.calls(endpoint.placement(), priority);
      Map<String, Integer> wanted = split.nonZero();
      List<String> names = wanted.keySet().stream().map(AwsNames::targetGroup).toList();
      CompletionStage<Rule> rule = ruleOf(calls, endpoint);
      CompletionStage<Map<String, TargetGroup>> groups = FindTargetGroups.run(calls, names);
      return rule.thenCombine(groups, (found, targetGroups) -> Map.entry(found, awsWeights(wanted, targetGroups)))
          .thenCompose(change -> ModifyRuleForward.run(calls, change.getKey().ruleArn(), change.getValue()))
          .thenCompose(modified -> DescribeRules.byArn(calls, modified.ruleArn()))
          .thenApply(readBack -> readBack.orElseThrow(
              () -> new CloudException("the rule of endpoint " + endpoint.service() + " vanished while setting weights", true)))
          .thenCompose(readBack -> splitOf(calls, readBack))
          .thenApply(readBack -> {
            if (!readBack.sameAs(split)) {
              throw new CloudException("weights of " + endpoint.service() + " read back as " + readBack.nonZero()
                  + " after setting " + split.nonZero(), true);
            }
            return readBack;
          });
    });
  }

  @Override
  public CompletionStage<TrafficSplit> readWeights(EndpointRef endpoint) {
    return call("read weights of " + endpoint.service(), () -> {
      AwsCalls calls = provider.calls(endpoint.placement(), CallPriority.READ);
      return ruleOf(calls, endpoint).thenCompose(rule -> splitOf(calls, rule));
    });
  }

  /**
   * Deletes the endpoint's rule (and any duplicate a race left, and its preview's rule, which cannot outlive it). A
   * missing listener or rule counts as deleted; the shared listener stays.
   */
  @Override
  public CompletionStage<Void> deleteEndpoint(EndpointRef endpoint) {
    return call("delete endpoint " + endpoint.service(), () -> {
      AwsCalls calls = provider.calls(endpoint.placement(), CallPriority.DELETE);
      String host = endpoint.address().host();
      return SharedListener.find(calls, loadBalancerOf(endpoint.placement()), SharedListener.portOf(endpoint))
          .thenCompose(listener -> listener.isEmpty()
              ? CompletableFuture.completedFuture(List.<Rule>of())
              : DescribeRules.run(calls, listener.get().listenerArn()))
          .thenCompose(rules -> {
            List<Rule> doomed = new ArrayList<>(HostRules.withHost(rules, host));
            doomed.addAll(HostRules.withHost(rules, HostRules.previewHost(host)));
            return CompletableFuture.allOf(doomed.stream()
                .map(rule -> DeleteRule.run(calls, rule.ruleArn()).toCompletableFuture()).toArray(CompletableFuture[]::new));
          });
    });
  }

  /**
   * The traffic split of every endpoint in the placement, by service: DescribeListeners of the load balancer,
   * DescribeRules per listener, and DescribeTags on the rules and their target groups in batches of 20, never one call
   * per endpoint. Only rules tagged with this owner and a service count; preview rules do not.
   */
  public CompletionStage<Map<String, TrafficSplit>> readAllEndpoints(Placement placement) {
    return call("read all endpoints of " + placement.account() + "/" + placement.region(), () -> {
      AwsCalls calls = provider.calls(placement, CallPriority.READ);
      return calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeListeners(request -> request.loadBalancerArn(loadBalancerOf(placement))))
          .thenCompose(response -> {
            List<CompletableFuture<List<Rule>>> perListener = response.listeners().stream()
                .map(listener -> DescribeRules.run(calls, listener.listenerArn()).toCompletableFuture()).toList();
            return CompletableFuture.allOf(perListener.toArray(CompletableFuture[]::new))
                .thenApply(done -> perListener.stream().flatMap(rules -> rules.join().stream()).toList());
          })
          .thenCompose(rules -> {
            List<String> arns = new ArrayList<>();
            rules.forEach(rule -> {
              arns.add(rule.ruleArn());
              arns.addAll(RuleActions.forwardWeights(rule.actions()).keySet());
            });
            return DescribeElbTags.run(calls, arns).thenApply(tags -> splitsByService(rules, tags));
          });
    });
  }

  private Map<String, TrafficSplit> splitsByService(List<Rule> rules, Map<String, Map<String, String>> tags) {
    Map<String, TrafficSplit> out = new LinkedHashMap<>();
    for (Rule rule : rules.stream().sorted(Comparator.comparingInt(HostRules::priorityOf)).toList()) {
      Map<String, String> ruleTags = tags.getOrDefault(rule.ruleArn(), Map.of());
      String service = ruleTags.get(Tags.SERVICE);
      if (service == null || !owner.equals(ruleTags.get(Tags.OWNER)) || "true".equals(ruleTags.get(HostRules.PREVIEW_TAG))) {
        continue;
      }
      // With duplicates from a race, the lowest priority rule is the one that serves traffic.
      out.computeIfAbsent(service, ignored -> {
        Map<String, Integer> byEnvironment = new LinkedHashMap<>();
        RuleActions.forwardWeights(rule.actions()).forEach((arn, weight) ->
            byEnvironment.put(tags.getOrDefault(arn, Map.of()).getOrDefault(Tags.ENV_ID, arn), weight));
        return new TrafficSplit(Weights.toPercent(byEnvironment));
      });
    }
    return out;
  }

  /** The endpoint's rule: the one on its port's listener whose host-header condition is the endpoint's host. */
  private CompletionStage<Rule> ruleOf(AwsCalls calls, EndpointRef endpoint) {
    int port = SharedListener.portOf(endpoint);
    return SharedListener.find(calls, loadBalancerOf(endpoint.placement()), port)
        .thenApply(found -> found.orElseThrow(
            () -> new CloudException("endpoint " + endpoint.service() + " has no listener on port " + port, false)))
        .thenCompose((Listener listener) -> DescribeRules.run(calls, listener.listenerArn()))
        .thenApply(rules -> HostRules.effective(rules, endpoint.address().host()).orElseThrow(
            () -> new CloudException("endpoint " + endpoint.service() + " has no rule for host " + endpoint.address().host()
                + " on port " + port, false)));
  }

  private String loadBalancerOf(Placement placement) {
    return networks.apply(provider.canonical(placement)).loadBalancerArn();
  }

  /** The rule's forward weights, keyed by environment id (from the target groups' env-id tags). */
  private static CompletionStage<TrafficSplit> splitOf(AwsCalls calls, Rule rule) {
    Map<String, Integer> byArn = RuleActions.forwardWeights(rule.actions());
    return ReadEnvironmentIds.run(calls, List.copyOf(byArn.keySet())).thenApply(environmentIds -> {
      Map<String, Integer> byEnvironment = new LinkedHashMap<>();
      byArn.forEach((arn, weight) -> byEnvironment.put(environmentIds.getOrDefault(arn, arn), weight));
      return new TrafficSplit(Weights.toPercent(byEnvironment));
    });
  }

  private static Map<String, Integer> awsWeights(Map<String, Integer> percentByEnvironment, Map<String, TargetGroup> groupsByName) {
    Map<String, Integer> out = new LinkedHashMap<>();
    percentByEnvironment.forEach((environmentId, percent) -> {
      TargetGroup group = groupsByName.get(AwsNames.targetGroup(environmentId));
      if (group == null) {
        throw new CloudException("environment " + environmentId + " has no target group", false);
      }
      out.put(group.targetGroupArn(), Weights.toAws(percent));
    });
    return out;
  }

  private static <T> CompletionStage<T> call(String what, Supplier<CompletionStage<T>> work) {
    return AwsErrors.translated(what, CompletableFuture.supplyAsync(work).thenCompose(stage -> stage));
  }
}
