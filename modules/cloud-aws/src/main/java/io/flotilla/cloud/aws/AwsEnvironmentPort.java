package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * An environment is a launch template, a target group and an auto-scaling group, all named from the environment id
 * and tagged. Create looks each part up before creating it, so a repeated create (say, after a crash between the
 * effect and its report) completes the same stack instead of making a second one.
 */
public final class AwsEnvironmentPort implements EnvironmentPort {
  private static final String DELETE_IN_PROGRESS = "Delete in progress";
  private final AwsClientProvider provider;
  private final Function<Placement, AwsNetwork> networks;
  private final String owner;

  public AwsEnvironmentPort(AwsClientProvider provider, Function<Placement, AwsNetwork> networks, String owner) {
    this.provider = provider;
    this.networks = networks;
    this.owner = owner;
  }

  @Override
  public CompletionStage<EnvironmentInfo> create(EnvironmentRequest request) {
    return AwsErrors.translated("create environment " + request.environmentId(), CompletableFuture.supplyAsync(() -> {
      Placement placement = provider.canonical(request.placement());
      return createIn(placement, provider.calls(placement, CallPriority.CREATE), networks.apply(placement), request);
    }).thenCompose(stage -> stage));
  }

  private CompletionStage<EnvironmentInfo> createIn(Placement placement, AwsCalls calls, AwsNetwork network, EnvironmentRequest request) {
    String id = request.environmentId();
    Map<String, String> tags = tagsOf(request);
    CompletionStage<String> launchTemplateId = FindLaunchTemplate.run(calls, AwsNames.launchTemplate(id))
        .thenCompose(found -> found.isPresent()
            ? CompletableFuture.completedFuture(found.get())
            : CreateLaunchTemplate.run(calls, AwsNames.launchTemplate(id), request.image(), request.runtime().instanceType(), tags))
        .thenApply(template -> template.launchTemplateId());
    CompletionStage<String> targetGroupArn = FindTargetGroups.run(calls, List.of(AwsNames.targetGroup(id)))
        .thenCompose(found -> found.isEmpty()
            ? CreateTargetGroup.run(calls, AwsNames.targetGroup(id), network.vpcId(), request.runtime().port(),
                request.runtime().healthCheck().path(), tags)
            : CompletableFuture.completedFuture(found.values().iterator().next()))
        .thenApply(group -> group.targetGroupArn());
    return launchTemplateId.thenCombine(targetGroupArn, (templateId, groupArn) -> Map.entry(templateId, groupArn))
        .thenCompose(parts -> FindAutoScalingGroup.run(calls, AwsNames.autoScalingGroup(id))
            .thenCompose(found -> found.isPresent()
                ? CompletableFuture.<Void>completedFuture(null)
                : CreateAutoScalingGroup.run(calls, AwsNames.autoScalingGroup(id), parts.getKey(), parts.getValue(),
                    network.subnetIds(), request.runtime(), tags)))
        .thenCompose(created -> describeIn(placement, calls, id))
        .thenApply(info -> info.orElseThrow(() -> new CloudException("environment " + id + " vanished right after create", true)));
  }

  @Override
  public CompletionStage<Optional<EnvironmentInfo>> describe(Placement placement, String environmentId) {
    return AwsErrors.translated("describe environment " + environmentId, CompletableFuture.supplyAsync(() -> {
      Placement canonical = provider.canonical(placement);
      return describeIn(canonical, provider.calls(canonical, CallPriority.READ), environmentId);
    }).thenCompose(stage -> stage));
  }

  private CompletionStage<Optional<EnvironmentInfo>> describeIn(Placement placement, AwsCalls calls, String environmentId) {
    return FindAutoScalingGroup.run(calls, AwsNames.autoScalingGroup(environmentId)).thenCompose(found -> {
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      AutoScalingGroup group = found.get();
      CompletionStage<List<TargetHealthStateEnum>> health = group.targetGroupARNs().isEmpty()
          ? CompletableFuture.completedFuture(List.of())
          : DescribeTargetHealth.run(calls, group.targetGroupARNs().get(0));
      return health.thenApply(states -> Optional.of(infoOf(placement, environmentId, group, states)));
    });
  }

  private static EnvironmentInfo infoOf(Placement placement, String environmentId, AutoScalingGroup group, List<TargetHealthStateEnum> states) {
    int healthy = (int) states.stream().filter(TargetHealthStateEnum.HEALTHY::equals).count();
    boolean anyUnhealthy = states.contains(TargetHealthStateEnum.UNHEALTHY);
    int needed = Math.max(1, group.minSize());
    EnvironmentStatus status;
    if (DELETE_IN_PROGRESS.equals(group.status())) {
      status = EnvironmentStatus.DELETING;
    } else if (healthy >= needed) {
      status = EnvironmentStatus.HEALTHY;
    } else if (anyUnhealthy) {
      status = EnvironmentStatus.UNHEALTHY;
    } else {
      status = EnvironmentStatus.STARTING;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (TagDescription tag : group.tags()) {
      tags.put(tag.key(), tag.value());
    }
    return new EnvironmentInfo(environmentId, placement, status, group.instances().size(), healthy, tags);
  }

  @Override
  public CompletionStage<Void> delete(Placement placement, String environmentId) {
    return AwsErrors.translated("delete environment " + environmentId, CompletableFuture.supplyAsync(() -> {
      AwsCalls calls = provider.calls(placement, CallPriority.DELETE);
      // Order matters: the group uses the template and is registered in the target group.
      return DeleteAutoScalingGroup.run(calls, AwsNames.autoScalingGroup(environmentId))
          .thenCompose(done -> DeleteLaunchTemplate.run(calls, AwsNames.launchTemplate(environmentId)))
          .thenCompose(done -> FindTargetGroups.run(calls, List.of(AwsNames.targetGroup(environmentId))))
          .thenCompose(found -> found.isEmpty()
              ? CompletableFuture.<Void>completedFuture(null)
              : DeleteTargetGroup.run(calls, found.values().iterator().next().targetGroupArn()));
    }).thenCompose(stage -> stage));
  }

  private Map<String, String> tagsOf(EnvironmentRequest request) {
    Map<String, String> tags = new LinkedHashMap<>(request.tags());
    tags.put(Tags.SERVICE, request.service());
    tags.put(Tags.VERSION, request.version());
    tags.put(Tags.REVISION, Integer.toString(request.revision()));
    tags.put(Tags.ENV_ID, request.environmentId());
    tags.put(Tags.OWNER, owner);
    return tags;
  }
}
