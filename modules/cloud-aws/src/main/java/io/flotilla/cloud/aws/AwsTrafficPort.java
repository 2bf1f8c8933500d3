package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.cloud.TrafficSplit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * An endpoint is a listener on the placement's load balancer, on the endpoint's port; traffic is its default action,
 * a weighted forward to the environments' target groups. Every change is read back to check it applied.
 */
public final class AwsTrafficPort implements TrafficPort {
  private static final int DEFAULT_PORT = 80;
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
      String loadBalancer = networks.apply(provider.canonical(endpoint.placement())).loadBalancerArn();
      return FindListener.run(calls, loadBalancer, portOf(endpoint))
          .thenCompose(found -> found.isPresent()
              ? CompletableFuture.completedFuture(found.get())
              : CreateListener.run(calls, loadBalancer, portOf(endpoint), Map.of(Tags.SERVICE, endpoint.service(), Tags.OWNER, owner)))
          .thenCompose(listener -> splitOf(calls, listener))
          .thenApply(split -> new EndpointInfo(endpoint, urlOf(endpoint), split));
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
      CompletionStage<Listener> listener = listenerOf(calls, endpoint);
      CompletionStage<Map<String, TargetGroup>> groups = FindTargetGroups.run(calls, names);
      return listener.thenCombine(groups, (found, targetGroups) -> Map.entry(found, awsWeights(wanted, targetGroups)))
          .thenCompose(change -> ForwardWeighted.run(calls, change.getKey().listenerArn(), change.getValue()))
          .thenCompose(done -> listenerOf(calls, endpoint))
          .thenCompose(found -> splitOf(calls, found))
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
      return listenerOf(calls, endpoint).thenCompose(listener -> splitOf(calls, listener));
    });
  }

  @Override
  public CompletionStage<Void> deleteEndpoint(EndpointRef endpoint) {
    return call("delete endpoint " + endpoint.service(), () -> {
      AwsCalls calls = provider.calls(endpoint.placement(), CallPriority.DELETE);
      String loadBalancer = networks.apply(provider.canonical(endpoint.placement())).loadBalancerArn();
      return FindListener.run(calls, loadBalancer, portOf(endpoint))
          .thenCompose(found -> found.isEmpty()
              ? CompletableFuture.<Void>completedFuture(null)
              : DeleteListener.run(calls, found.get().listenerArn()));
    });
  }

  private CompletionStage<Listener> listenerOf(AwsCalls calls, EndpointRef endpoint) {
    String loadBalancer = networks.apply(provider.canonical(endpoint.placement())).loadBalancerArn();
    return FindListener.run(calls, loadBalancer, portOf(endpoint)).thenApply(found -> found.orElseThrow(
        () -> new CloudException("endpoint " + endpoint.service() + " has no listener on port " + portOf(endpoint), false)));
  }

  /** The listener's forward weights, keyed by environment id (from the target groups' env-id tags). */
  private static CompletionStage<TrafficSplit> splitOf(AwsCalls calls, Listener listener) {
    Map<String, Integer> byArn = new LinkedHashMap<>();
    for (Action action : listener.defaultActions()) {
      if (action.type() == ActionTypeEnum.FORWARD && action.forwardConfig() != null) {
        for (TargetGroupTuple target : action.forwardConfig().targetGroups()) {
          byArn.put(target.targetGroupArn(), target.weight() == null ? 1 : target.weight());
        }
      } else if (action.type() == ActionTypeEnum.FORWARD && action.targetGroupArn() != null) {
        byArn.put(action.targetGroupArn(), 1);
      }
    }
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

  private static int portOf(EndpointRef endpoint) {
    return endpoint.address().port() == 0 ? DEFAULT_PORT : endpoint.address().port();
  }

  private static String urlOf(EndpointRef endpoint) {
    int port = portOf(endpoint);
    return "http://" + endpoint.address().host() + (port == DEFAULT_PORT ? "" : ":" + port);
  }

  private static <T> CompletionStage<T> call(String what, Supplier<CompletionStage<T>> work) {
    return AwsErrors.translated(what, CompletableFuture.supplyAsync(work).thenCompose(stage -> stage));
  }
}
