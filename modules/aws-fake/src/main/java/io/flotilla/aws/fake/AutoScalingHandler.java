package io.flotilla.aws.fake;

import io.flotilla.aws.fake.RegionState.AutoScalingGroup;
import io.flotilla.aws.fake.RegionState.Instance;
import io.flotilla.aws.fake.RegionState.LaunchTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Auto Scaling groups; a group launches its desired capacity at once and registers it with its target groups.
 * DescribeAutoScalingGroups pages like AWS: {@code MaxRecords} (default 50, at most 100) and an opaque
 * {@code NextToken}.
 */
final class AutoScalingHandler implements FakeAws.ServiceHandler {
  private static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  private static final int DEFAULT_MAX_RECORDS = 50;
  private static final int MAX_RECORDS = 100;
  private final FakeAws fake;

  AutoScalingHandler(FakeAws fake) {
    this.fake = fake;
  }

  @Override
  public String handle(String action, Params params, RegionState state, String requestId) {
    return switch (action) {
      case "CreateAutoScalingGroup" -> create(params, state, requestId);
      case "DescribeAutoScalingGroups" -> describe(params, state, requestId);
      case "DeleteAutoScalingGroup" -> delete(params, state, requestId);
      default -> throw FakeAws.unknownAction(action);
    };
  }

  private String create(Params params, RegionState state, String requestId) {
    String name = params.require("AutoScalingGroupName");
    if (state.groups.containsKey(name)) {
      throw FakeAwsError.validation("AlreadyExists", "AutoScalingGroup by this name already exists - A group with the name " + name + " already exists");
    }
    Params templateRef = params.sub("LaunchTemplate");
    LaunchTemplate template = templateRef.get("LaunchTemplateId").map(state.launchTemplates::get)
        .orElseGet(() -> state.launchTemplates.values().stream()
            .filter(candidate -> candidate.name.equals(templateRef.get("LaunchTemplateName").orElse(""))).findFirst().orElse(null));
    if (template == null) {
      throw FakeAwsError.validation("ValidationError", "You must use a valid fully-formed launch template. The specified launch template does not exist.");
    }
    List<String> targetGroups = params.strings("TargetGroupARNs.member");
    for (String arn : targetGroups) {
      if (!state.targetGroups.containsKey(arn)) {
        throw FakeAwsError.validation("ValidationError", "Provided Target Groups may not be valid. " + arn + " not found");
      }
    }
    int min = Integer.parseInt(params.require("MinSize"));
    int max = Integer.parseInt(params.require("MaxSize"));
    int desired = params.intOr("DesiredCapacity", min);
    if (min > max || desired < min || desired > max) {
      throw FakeAwsError.validation("ValidationError", "Desired capacity:" + desired + " must be between the specified min size:" + min + " and max size:" + max);
    }
    String arn = "arn:aws:autoscaling:" + state.region + ":" + state.account + ":autoScalingGroup:" + java.util.UUID.randomUUID()
        + ":autoScalingGroupName/" + name;
    AutoScalingGroup group = new AutoScalingGroup(name, arn, template, min, max, desired,
        params.get("VPCZoneIdentifier").orElse(""), targetGroups, params.tags("Tags.member"), fake.clock().instant());
    for (int i = 0; i < desired; i++) {
      group.instances.add(new Instance("i-" + state.nextHex(17), state.region + "a", fake.clock().instant()));
    }
    state.groups.put(name, group);
    return FakeAws.queryResponse("CreateAutoScalingGroup", NAMESPACE, requestId, null);
  }

  private String describe(Params params, RegionState state, String requestId) {
    List<String> names = params.strings("AutoScalingGroupNames.member");
    List<AutoScalingGroup> found = new ArrayList<>();
    for (AutoScalingGroup group : state.groups.values()) {
      if (names.isEmpty() || names.contains(group.name)) {
        found.add(group);
      }
    }
    for (Params filter : params.list("Filters.member")) {
      String filterName = filter.require("Name");
      List<String> values = filter.strings("Values.member");
      found.removeIf(group -> !matches(group.tags, filterName, values));
    }
    int maxRecords = params.intOr("MaxRecords", DEFAULT_MAX_RECORDS);
    if (maxRecords < 1 || maxRecords > MAX_RECORDS) {
      throw FakeAwsError.validation("ValidationError", "1 validation error detected: Value '" + maxRecords
          + "' at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and " + MAX_RECORDS);
    }
    int from = params.get("NextToken").map(AutoScalingHandler::offsetOf).orElse(0);
    int to = Math.min(found.size(), from + maxRecords);
    Xml xml = new Xml().open("AutoScalingGroups");
    for (AutoScalingGroup group : found.subList(Math.min(from, to), to)) {
      xml.open("member").leaf("AutoScalingGroupName", group.name).leaf("AutoScalingGroupARN", group.arn)
          .open("LaunchTemplate").leaf("LaunchTemplateId", group.launchTemplate.id)
          .leaf("LaunchTemplateName", group.launchTemplate.name).leaf("Version", "$Default").close("LaunchTemplate")
          .leaf("MinSize", group.minSize).leaf("MaxSize", group.maxSize).leaf("DesiredCapacity", group.desiredCapacity)
          .leaf("DefaultCooldown", 300).open("AvailabilityZones").leaf("member", state.region + "a").close("AvailabilityZones")
          .open("LoadBalancerNames").close("LoadBalancerNames").open("TargetGroupARNs");
      group.targetGroupArns.forEach(arn -> xml.leaf("member", arn));
      xml.close("TargetGroupARNs").leaf("HealthCheckType", "ELB").leaf("HealthCheckGracePeriod", 300).open("Instances");
      for (Instance instance : group.instances) {
        boolean started = !fake.clock().instant().isBefore(instance.launched.plus(fake.healthyAfterDelay()));
        xml.open("member").leaf("InstanceId", instance.id).leaf("InstanceType", group.launchTemplate.instanceType)
            .leaf("AvailabilityZone", instance.availabilityZone).leaf("LifecycleState", started ? "InService" : "Pending")
            .leaf("HealthStatus", "Healthy").open("LaunchTemplate").leaf("LaunchTemplateId", group.launchTemplate.id)
            .leaf("LaunchTemplateName", group.launchTemplate.name).leaf("Version", "1").close("LaunchTemplate")
            .leaf("ProtectedFromScaleIn", false).close("member");
      }
      xml.close("Instances").time("CreatedTime", group.created).leaf("VPCZoneIdentifier", group.vpcZoneIdentifier).open("Tags");
      group.tags.forEach((key, value) -> xml.open("member").leaf("ResourceId", group.name).leaf("ResourceType", "auto-scaling-group")
          .leaf("Key", key).leaf("Value", value).leaf("PropagateAtLaunch", true).close("member"));
      xml.close("Tags").close("member");
    }
    xml.close("AutoScalingGroups");
    if (to < found.size()) {
      xml.leaf("NextToken", tokenOf(to));
    }
    return FakeAws.queryResponse("DescribeAutoScalingGroups", NAMESPACE, requestId, xml);
  }

  private String delete(Params params, RegionState state, String requestId) {
    String name = params.require("AutoScalingGroupName");
    AutoScalingGroup group = state.groups.get(name);
    if (group == null) {
      throw FakeAwsError.validation("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found");
    }
    if (!group.instances.isEmpty() && !params.bool("ForceDelete")) {
      throw FakeAwsError.validation("ResourceInUse",
          "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.");
    }
    state.groups.remove(name);
    return FakeAws.queryResponse("DeleteAutoScalingGroup", NAMESPACE, requestId, null);
  }

  /** NextToken is opaque to callers; here it encodes the offset of the next page. */
  private static String tokenOf(int offset) {
    return Base64.getEncoder().encodeToString(("asg:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offsetOf(String token) {
    String text;
    try {
      text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      text = "";
    }
    if (!text.matches("asg:[0-9]{1,9}")) {
      throw FakeAwsError.validation("InvalidNextToken", "The token '" + token + "' is invalid.");
    }
    return Integer.parseInt(text.substring(4));
  }

  static boolean matches(Map<String, String> tags, String filterName, List<String> values) {
    if (filterName.startsWith("tag:")) {
      return values.contains(tags.get(filterName.substring(4)));
    }
    return switch (filterName) {
      case "tag-key" -> values.stream().anyMatch(tags::containsKey);
      case "tag-value" -> tags.values().stream().anyMatch(values::contains);
      default -> throw FakeAwsError.validation("ValidationError", "Filter type " + filterName + " is not correct.");
    };
  }
}
