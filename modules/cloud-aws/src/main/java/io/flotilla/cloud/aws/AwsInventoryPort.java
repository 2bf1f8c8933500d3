package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;

/**
 * Everything this owner created in one (account, region), read in a few paged calls that cover every endpoint
 * there, at READ priority: the auto-scaling groups tagged with the owner (100 per call), each one's status from its
 * instances in the same answer; and launch templates tagged with the owner that have no group (a create that stopped
 * halfway) as STARTING environments with no instances, so that garbage collection finds them. Endpoint weights come
 * from {@code endpoints} (the traffic port's read of all endpoints of the placement).
 */
public final class AwsInventoryPort implements InventoryPort {
  private static final String DELETE_IN_PROGRESS = "Delete in progress";
  private static final String HEALTHY = "Healthy";
  private static final String NAME_PREFIX = "flotilla-";

  private final AwsClientProvider provider;
  private final String owner;
  private final Function<Placement, CompletionStage<Map<String, TrafficSplit>>> endpoints;
  private final Clock clock;

  public AwsInventoryPort(AwsClientProvider provider, String owner,
      Function<Placement, CompletionStage<Map<String, TrafficSplit>>> endpoints) {
    this(provider, owner, endpoints, Clock.systemUTC());
  }

  public AwsInventoryPort(AwsClientProvider provider, String owner,
      Function<Placement, CompletionStage<Map<String, TrafficSplit>>> endpoints, Clock clock) {
    this.provider = provider;
    this.owner = owner;
    this.endpoints = endpoints;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Inventory> scan(Placement placement) {
    String what = "scan " + placement.account() + "/" + placement.region();
    return AwsErrors.translated(what, CompletableFuture.supplyAsync(() -> {
      // the scan judges nothing that changed after it began
      Instant scannedAt = clock.instant();
      AwsCalls calls = provider.calls(placement, CallPriority.READ);
      CompletableFuture<List<AutoScalingGroup>> groups = DescribeOwnedAutoScalingGroups.run(calls, owner).toCompletableFuture();
      CompletableFuture<List<LaunchTemplate>> templates = DescribeOwnedLaunchTemplates.run(calls, owner).toCompletableFuture();
      CompletableFuture<Map<String, TrafficSplit>> splits = endpoints.apply(placement).toCompletableFuture();
      return CompletableFuture.allOf(groups, templates, splits).thenApply(done ->
          new Inventory(placement, scannedAt, environments(placement, groups.join(), templates.join()), splits.join()));
    }).thenCompose(stage -> stage));
  }

  private static List<EnvironmentInfo> environments(Placement placement, List<AutoScalingGroup> groups,
      List<LaunchTemplate> templates) {
    List<EnvironmentInfo> out = new ArrayList<>();
    Set<String> withGroup = new HashSet<>();
    for (AutoScalingGroup group : groups) {
      EnvironmentInfo info = infoOf(placement, group);
      withGroup.add(info.environmentId());
      out.add(info);
    }
    for (LaunchTemplate template : templates) {
      Map<String, String> tags = new LinkedHashMap<>();
      template.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
      String environmentId = environmentId(tags, template.launchTemplateName());
      if (!withGroup.contains(environmentId)) {
        out.add(new EnvironmentInfo(environmentId, placement, EnvironmentStatus.STARTING, 0, 0, tags));
      }
    }
    return out;
  }

  private static EnvironmentInfo infoOf(Placement placement, AutoScalingGroup group) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (TagDescription tag : group.tags()) {
      tags.put(tag.key(), tag.value());
    }
    int healthy = 0;
    boolean anyUnhealthy = false;
    for (Instance instance : group.instances()) {
      boolean inService = instance.lifecycleState() == LifecycleState.IN_SERVICE;
      if (inService && HEALTHY.equalsIgnoreCase(instance.healthStatus())) {
        healthy++;
      } else if (instance.healthStatus() != null && !HEALTHY.equalsIgnoreCase(instance.healthStatus())) {
        anyUnhealthy = true;
      }
    }
    EnvironmentStatus status;
    if (DELETE_IN_PROGRESS.equals(group.status())) {
      status = EnvironmentStatus.DELETING;
    } else if (healthy >= Math.max(1, group.minSize() == null ? 1 : group.minSize())) {
      status = EnvironmentStatus.HEALTHY;
    } else if (anyUnhealthy) {
      status = EnvironmentStatus.UNHEALTHY;
    } else {
      status = EnvironmentStatus.STARTING;
    }
    String environmentId = environmentId(tags, group.autoScalingGroupName());
    return new EnvironmentInfo(environmentId, placement, status, group.instances().size(), healthy, tags);
  }

  /** The env-id tag; failing that, the deterministic name without its prefix (see {@link AwsNames}). */
  private static String environmentId(Map<String, String> tags, String name) {
    String tagged = tags.get(Tags.ENV_ID);
    if (tagged != null && !tagged.isBlank()) {
      return tagged;
    }
    return name.startsWith(NAME_PREFIX) ? name.substring(NAME_PREFIX.length()) : name;
  }
}
