package io.flotilla.aws.fake;

import io.flotilla.aws.fake.RegionState.Action;
import io.flotilla.aws.fake.RegionState.AutoScalingGroup;
import io.flotilla.aws.fake.RegionState.Instance;
import io.flotilla.aws.fake.RegionState.Listener;
import io.flotilla.aws.fake.RegionState.TargetGroup;
import io.flotilla.aws.fake.RegionState.WeightedTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** ELBv2 target groups, target health, listeners with weighted forward actions, and tags. */
final class ElbHandler implements FakeAws.ServiceHandler {
  private static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
  private final FakeAws fake;

  ElbHandler(FakeAws fake) {
    this.fake = fake;
  }

  @Override
  public String handle(String action, Params params, RegionState state, String requestId) {
    Xml result = switch (action) {
      case "CreateTargetGroup" -> createTargetGroup(params, state);
      case "DescribeTargetGroups" -> describeTargetGroups(params, state);
      case "DeleteTargetGroup" -> deleteTargetGroup(params, state);
      case "DescribeTargetHealth" -> describeTargetHealth(params, state);
      case "CreateListener" -> createListener(params, state);
      case "DescribeListeners" -> describeListeners(params, state);
      case "ModifyListener" -> modifyListener(params, state);
      case "DeleteListener" -> deleteListener(params, state);
      case "AddTags" -> addTags(params, state);
      case "DescribeTags" -> describeTags(params, state);
      default -> throw FakeAws.unknownAction(action);
    };
    return FakeAws.queryResponse(action, NAMESPACE, requestId, result);
  }

  private Xml createTargetGroup(Params params, RegionState state) {
    String name = params.require("Name");
    String protocol = params.get("Protocol").orElse("HTTP");
    int port = params.intOr("Port", 80);
    String vpcId = params.get("VpcId").orElse(null);
    TargetGroup existing = state.targetGroups.values().stream().filter(group -> group.name.equals(name)).findFirst().orElse(null);
    if (existing != null) {
      // Like AWS: the same name with the same settings returns the existing group.
      if (!existing.protocol.equals(protocol) || existing.port != port || !Objects.equals(existing.vpcId, vpcId)) {
        throw FakeAwsError.validation("DuplicateTargetGroupName", "A target group with the same name '" + name + "' exists, but with different settings");
      }
      return targetGroups(List.of(existing), state);
    }
    String arn = state.elbArn("targetgroup", name + "/" + state.nextHex(16));
    TargetGroup group = new TargetGroup(arn, name, protocol, port, vpcId, params.get("TargetType").orElse("instance"),
        params.get("HealthCheckPath").orElse("/"));
    group.tags.putAll(params.tags("Tags.member"));
    state.targetGroups.put(arn, group);
    return targetGroups(List.of(group), state);
  }

  private Xml describeTargetGroups(Params params, RegionState state) {
    List<String> names = params.strings("Names.member");
    List<String> arns = params.strings("TargetGroupArns.member");
    List<TargetGroup> found = new ArrayList<>();
    for (String name : names) {
      found.add(state.targetGroups.values().stream().filter(group -> group.name.equals(name)).findFirst()
          .orElseThrow(() -> targetGroupNotFound()));
    }
    for (String arn : arns) {
      TargetGroup group = state.targetGroups.get(arn);
      if (group == null) {
        throw targetGroupNotFound();
      }
      found.add(group);
    }
    if (names.isEmpty() && arns.isEmpty()) {
      String loadBalancer = params.get("LoadBalancerArn").orElse(null);
      state.targetGroups.values().stream()
          .filter(group -> loadBalancer == null || loadBalancersOf(group, state).contains(loadBalancer)).forEach(found::add);
    }
    return targetGroups(found, state);
  }

  private Xml deleteTargetGroup(Params params, RegionState state) {
    String arn = params.require("TargetGroupArn");
    for (Listener listener : state.listeners.values()) {
      if (listener.actions.stream().flatMap(action -> action.forward().stream()).anyMatch(target -> target.targetGroupArn().equals(arn))) {
        throw FakeAwsError.validation("ResourceInUse", "Target group '" + arn + "' is currently in use by a listener or a rule");
      }
    }
    state.targetGroups.remove(arn);
    return new Xml();
  }

  private Xml describeTargetHealth(Params params, RegionState state) {
    TargetGroup group = state.targetGroups.get(params.require("TargetGroupArn"));
    if (group == null) {
      throw targetGroupNotFound();
    }
    Xml xml = new Xml().open("TargetHealthDescriptions");
    for (AutoScalingGroup autoScaling : state.groups.values()) {
      if (!autoScaling.targetGroupArns.contains(group.arn)) {
        continue;
      }
      for (Instance instance : autoScaling.instances) {
        boolean healthy = !fake.clock().instant().isBefore(instance.launched.plus(fake.healthyAfterDelay()));
        xml.open("member").open("Target").leaf("Id", instance.id).leaf("Port", group.port).close("Target")
            .leaf("HealthCheckPort", String.valueOf(group.port)).open("TargetHealth").leaf("State", healthy ? "healthy" : "initial");
        if (!healthy) {
          xml.leaf("Reason", "Elb.InitialHealthChecking").leaf("Description", "Initial health checks in progress");
        }
        xml.close("TargetHealth").close("member");
      }
    }
    return xml.close("TargetHealthDescriptions");
  }

  private Xml createListener(Params params, RegionState state) {
    String loadBalancer = params.require("LoadBalancerArn");
    if (!state.loadBalancers.containsKey(loadBalancer)) {
      throw FakeAwsError.notFound("LoadBalancerNotFound", "One or more load balancers not found");
    }
    int port = Integer.parseInt(params.require("Port"));
    if (state.listeners.values().stream().anyMatch(l -> l.loadBalancerArn.equals(loadBalancer) && l.port == port)) {
      throw FakeAwsError.validation("DuplicateListener", "A listener already exists on this port for this load balancer");
    }
    String lbPath = loadBalancer.substring(loadBalancer.indexOf("loadbalancer/") + "loadbalancer/".length());
    String arn = state.elbArn("listener", lbPath + "/" + state.nextHex(16));
    Listener listener = new Listener(arn, loadBalancer, params.get("Protocol").orElse("HTTP"), port, actions(params, state));
    listener.tags.putAll(params.tags("Tags.member"));
    state.listeners.put(arn, listener);
    return listeners(List.of(listener));
  }

  private Xml describeListeners(Params params, RegionState state) {
    List<String> arns = params.strings("ListenerArns.member");
    String loadBalancer = params.get("LoadBalancerArn").orElse(null);
    if (loadBalancer != null && !state.loadBalancers.containsKey(loadBalancer)) {
      throw FakeAwsError.notFound("LoadBalancerNotFound", "One or more load balancers not found");
    }
    List<Listener> found = new ArrayList<>();
    for (String arn : arns) {
      Listener listener = state.listeners.get(arn);
      if (listener == null) {
        throw FakeAwsError.notFound("ListenerNotFound", "One or more listeners not found");
      }
      found.add(listener);
    }
    if (arns.isEmpty()) {
      state.listeners.values().stream().filter(l -> l.loadBalancerArn.equals(loadBalancer)).forEach(found::add);
    }
    return listeners(found);
  }

  private Xml modifyListener(Params params, RegionState state) {
    Listener listener = state.listeners.get(params.require("ListenerArn"));
    if (listener == null) {
      throw FakeAwsError.notFound("ListenerNotFound", "One or more listeners not found");
    }
    List<Action> actions = actions(params, state);
    if (!actions.isEmpty()) {
      listener.actions = actions;
    }
    return listeners(List.of(listener));
  }

  private Xml deleteListener(Params params, RegionState state) {
    if (state.listeners.remove(params.require("ListenerArn")) == null) {
      throw FakeAwsError.notFound("ListenerNotFound", "One or more listeners not found");
    }
    return new Xml();
  }

  private Xml addTags(Params params, RegionState state) {
    Map<String, String> tags = params.tags("Tags.member");
    for (String arn : params.strings("ResourceArns.member")) {
      tagsOf(arn, state).putAll(tags);
    }
    return new Xml();
  }

  private Xml describeTags(Params params, RegionState state) {
    Xml xml = new Xml().open("TagDescriptions");
    for (String arn : params.strings("ResourceArns.member")) {
      xml.open("member").leaf("ResourceArn", arn).tags("Tags", "member", false, tagsOf(arn, state)).close("member");
    }
    return xml.close("TagDescriptions");
  }

  private static Map<String, String> tagsOf(String arn, RegionState state) {
    Map<String, String> tags = state.elbTags(arn);
    if (tags == null) {
      throw arn.contains(":targetgroup/") ? targetGroupNotFound()
          : arn.contains(":listener/") ? FakeAwsError.notFound("ListenerNotFound", "One or more listeners not found")
          : FakeAwsError.notFound("LoadBalancerNotFound", "One or more load balancers not found");
    }
    return tags;
  }

  /** Parses {@code DefaultActions.member.N}: forward (single ARN or weighted ForwardConfig) or fixed-response. */
  private static List<Action> actions(Params params, RegionState state) {
    List<Action> out = new ArrayList<>();
    for (Params action : params.list("DefaultActions.member")) {
      String type = action.require("Type");
      if (type.equals("fixed-response")) {
        out.add(new Action(type, List.of(), action.require("FixedResponseConfig.StatusCode")));
        continue;
      }
      if (!type.equals("forward")) {
        throw FakeAwsError.validation("ValidationError", "Action type '" + type + "' is not supported by this fake");
      }
      List<WeightedTarget> targets = new ArrayList<>();
      for (Params target : action.list("ForwardConfig.TargetGroups.member")) {
        int weight = target.intOr("Weight", 1);
        if (weight < 0 || weight > 999) {
          throw FakeAwsError.validation("ValidationError", "Weight must be between 0 and 999");
        }
        targets.add(new WeightedTarget(target.require("TargetGroupArn"), weight));
      }
      action.get("TargetGroupArn").filter(arn -> targets.isEmpty()).ifPresent(arn -> targets.add(new WeightedTarget(arn, 1)));
      if (targets.isEmpty() || targets.size() > 5) {
        throw FakeAwsError.validation("ValidationError", "A forward action needs between 1 and 5 target groups");
      }
      for (WeightedTarget target : targets) {
        if (!state.targetGroups.containsKey(target.targetGroupArn())) {
          throw targetGroupNotFound();
        }
      }
      out.add(new Action(type, List.copyOf(targets), null));
    }
    return out;
  }

  private static Xml listeners(List<Listener> listeners) {
    Xml xml = new Xml().open("Listeners");
    for (Listener listener : listeners) {
      xml.open("member").leaf("ListenerArn", listener.arn).leaf("LoadBalancerArn", listener.loadBalancerArn)
          .leaf("Port", listener.port).leaf("Protocol", listener.protocol).open("DefaultActions");
      int order = 1;
      for (Action action : listener.actions) {
        xml.open("member").leaf("Type", action.type()).leaf("Order", order++);
        if (action.type().equals("fixed-response")) {
          xml.open("FixedResponseConfig").leaf("StatusCode", action.fixedStatus()).leaf("ContentType", "text/plain").close("FixedResponseConfig");
        } else {
          if (action.forward().size() == 1) {
            xml.leaf("TargetGroupArn", action.forward().get(0).targetGroupArn());
          }
          xml.open("ForwardConfig").open("TargetGroups");
          action.forward().forEach(target -> xml.open("member").leaf("TargetGroupArn", target.targetGroupArn())
              .leaf("Weight", target.weight()).close("member"));
          xml.close("TargetGroups").open("TargetGroupStickinessConfig").leaf("Enabled", false)
              .close("TargetGroupStickinessConfig").close("ForwardConfig");
        }
        xml.close("member");
      }
      xml.close("DefaultActions").close("member");
    }
    return xml.close("Listeners");
  }

  private static Xml targetGroups(List<TargetGroup> groups, RegionState state) {
    Xml xml = new Xml().open("TargetGroups");
    for (TargetGroup group : groups) {
      xml.open("member").leaf("TargetGroupArn", group.arn).leaf("TargetGroupName", group.name).leaf("Protocol", group.protocol)
          .leaf("Port", group.port).leaf("VpcId", group.vpcId).leaf("HealthCheckProtocol", group.protocol)
          .leaf("HealthCheckPort", "traffic-port").leaf("HealthCheckEnabled", true).leaf("HealthCheckIntervalSeconds", 30)
          .leaf("HealthCheckTimeoutSeconds", 5).leaf("HealthyThresholdCount", 5).leaf("UnhealthyThresholdCount", 2)
          .leaf("HealthCheckPath", group.healthCheckPath).open("Matcher").leaf("HttpCode", "200").close("Matcher")
          .open("LoadBalancerArns");
      loadBalancersOf(group, state).forEach(arn -> xml.leaf("member", arn));
      xml.close("LoadBalancerArns").leaf("TargetType", group.targetType).leaf("IpAddressType", "ipv4").close("member");
    }
    return xml.close("TargetGroups");
  }

  private static List<String> loadBalancersOf(TargetGroup group, RegionState state) {
    return state.listeners.values().stream()
        .filter(listener -> listener.actions.stream().flatMap(a -> a.forward().stream()).anyMatch(t -> t.targetGroupArn().equals(group.arn)))
        .map(listener -> listener.loadBalancerArn).distinct().toList();
  }

  private static FakeAwsError targetGroupNotFound() {
    return FakeAwsError.notFound("TargetGroupNotFound", "One or more target groups not found");
  }
}
