package io.flotilla.aws.fake;

import io.flotilla.aws.fake.RegionState.Action;
import io.flotilla.aws.fake.RegionState.AutoScalingGroup;
import io.flotilla.aws.fake.RegionState.Condition;
import io.flotilla.aws.fake.RegionState.Instance;
import io.flotilla.aws.fake.RegionState.Listener;
import io.flotilla.aws.fake.RegionState.LoadBalancer;
import io.flotilla.aws.fake.RegionState.Rule;
import io.flotilla.aws.fake.RegionState.TargetGroup;
import io.flotilla.aws.fake.RegionState.WeightedTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * ELBv2 target groups, target health, listeners and listener rules (host-header conditions; weighted forward or
 * fixed-response actions), and tags.
 */
final class ElbHandler implements FakeAws.ServiceHandler {
  private static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
  /** AWS's default quota of rules per application load balancer listener, the default rule not counted. */
  private static final int MAX_RULES_PER_LISTENER = 100;
  /** AddTags and DescribeTags take at most 20 resource ARNs. */
  private static final int MAX_TAG_RESOURCES = 20;
  private static final int MAX_PAGE_SIZE = 400;
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
      case "DescribeLoadBalancers" -> describeLoadBalancers(params, state);
      case "CreateListener" -> createListener(params, state);
      case "DescribeListeners" -> describeListeners(params, state);
      case "ModifyListener" -> modifyListener(params, state);
      case "DeleteListener" -> deleteListener(params, state);
      case "CreateRule" -> createRule(params, state);
      case "DescribeRules" -> describeRules(params, state);
      case "ModifyRule" -> modifyRule(params, state);
      case "DeleteRule" -> deleteRule(params, state);
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
    boolean byListener = state.listeners.values().stream().anyMatch(listener -> forwardsTo(listener.actions, arn));
    boolean byRule = state.rules.values().stream().anyMatch(rule -> forwardsTo(rule.actions, arn));
    if (byListener || byRule) {
      throw FakeAwsError.validation("ResourceInUse", "Target group '" + arn + "' is currently in use by a listener or a rule");
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

  /** By name or ARN (each must exist), or all; load balancers are made by the test, never by Flotilla. */
  private Xml describeLoadBalancers(Params params, RegionState state) {
    List<LoadBalancer> found = new ArrayList<>();
    for (String name : params.strings("Names.member")) {
      found.add(state.loadBalancers.values().stream().filter(lb -> lb.name.equals(name)).findFirst()
          .orElseThrow(() -> FakeAwsError.notFound("LoadBalancerNotFound", "Load balancers '[" + name + "]' not found")));
    }
    for (String arn : params.strings("LoadBalancerArns.member")) {
      LoadBalancer lb = state.loadBalancers.get(arn);
      if (lb == null) {
        throw FakeAwsError.notFound("LoadBalancerNotFound", "One or more load balancers not found");
      }
      found.add(lb);
    }
    if (params.strings("Names.member").isEmpty() && params.strings("LoadBalancerArns.member").isEmpty()) {
      found.addAll(state.loadBalancers.values());
    }
    Xml xml = new Xml().open("LoadBalancers");
    for (LoadBalancer lb : found) {
      xml.open("member").leaf("LoadBalancerArn", lb.arn).leaf("LoadBalancerName", lb.name).leaf("Type", "application")
          .leaf("Scheme", "internet-facing").open("State").leaf("Code", "active").close("State").leaf("IpAddressType", "ipv4")
          .close("member");
    }
    return xml.close("LoadBalancers");
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
    List<Action> actions = actions(params.list("DefaultActions.member"), state);
    if (actions.isEmpty()) {
      throw FakeAwsError.validation("ValidationError", "The parameter DefaultActions is required.");
    }
    Listener listener = new Listener(arn, loadBalancer, params.get("Protocol").orElse("HTTP"), port, actions);
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
    List<Action> actions = actions(params.list("DefaultActions.member"), state);
    if (!actions.isEmpty()) {
      listener.actions = actions;
    }
    return listeners(List.of(listener));
  }

  private Xml deleteListener(Params params, RegionState state) {
    String arn = params.require("ListenerArn");
    if (state.listeners.remove(arn) == null) {
      throw FakeAwsError.notFound("ListenerNotFound", "One or more listeners not found");
    }
    // Like AWS: deleting a listener deletes its rules.
    state.rules.values().removeIf(rule -> rule.listenerArn.equals(arn));
    state.defaultRuleArns.remove(arn);
    return new Xml();
  }

  private Xml createRule(Params params, RegionState state) {
    Listener listener = listener(params.require("ListenerArn"), state);
    int priority = priority(params.require("Priority"));
    List<Condition> conditions = conditions(params.list("Conditions.member"));
    if (conditions.isEmpty()) {
      throw FakeAwsError.validation("ValidationError", "A rule needs at least one condition");
    }
    List<Action> actions = actions(params.list("Actions.member"), state);
    if (actions.isEmpty()) {
      throw FakeAwsError.validation("ValidationError", "The parameter Actions is required.");
    }
    List<Rule> existing = rulesOf(listener, state);
    if (existing.size() >= MAX_RULES_PER_LISTENER) {
      throw FakeAwsError.validation("TooManyRules", "You've reached the limit on the number of rules per load balancer");
    }
    if (existing.stream().anyMatch(rule -> rule.priority == priority)) {
      throw FakeAwsError.validation("PriorityInUse", "Priority '" + priority + "' is currently in use");
    }
    Rule rule = new Rule(state.elbArn("listener-rule", pathOf(listener) + "/" + state.nextHex(16)), listener.arn, priority,
        conditions, actions);
    rule.tags.putAll(params.tags("Tags.member"));
    state.rules.put(rule.arn, rule);
    return rules(List.of(viewOf(rule)), null);
  }

  /** By listener (its rules by priority, then its default rule, as AWS lists them) or by rule ARNs; paged by Marker/PageSize. */
  private Xml describeRules(Params params, RegionState state) {
    String listenerArn = params.get("ListenerArn").orElse(null);
    List<String> arns = params.strings("RuleArns.member");
    if ((listenerArn == null) == arns.isEmpty()) {
      throw FakeAwsError.validation("ValidationError", "Specify either a listener ARN or rule ARNs");
    }
    List<RuleView> found = new ArrayList<>();
    if (listenerArn != null) {
      Listener listener = listener(listenerArn, state);
      rulesOf(listener, state).forEach(rule -> found.add(viewOf(rule)));
      found.add(defaultRule(listener, state));
    }
    for (String arn : arns) {
      Rule rule = state.rules.get(arn);
      Listener owner = state.listeners.values().stream()
          .filter(listener -> arn.equals(state.defaultRuleArns.get(listener.arn))).findFirst().orElse(null);
      if (rule != null) {
        found.add(viewOf(rule));
      } else if (owner != null) {
        found.add(defaultRule(owner, state));
      } else {
        throw ruleNotFound();
      }
    }
    int pageSize = params.intOr("PageSize", found.size());
    if (params.get("PageSize").isPresent() && (pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
      throw FakeAwsError.validation("ValidationError", "PageSize must be between 1 and " + MAX_PAGE_SIZE);
    }
    int from = marker(params.get("Marker").orElse(null), found.size());
    int to = Math.min(found.size(), from + Math.max(pageSize, 1));
    return rules(found.subList(from, to), to < found.size() ? String.valueOf(to) : null);
  }

  private Xml modifyRule(Params params, RegionState state) {
    String arn = params.require("RuleArn");
    Rule rule = state.rules.get(arn);
    if (rule == null) {
      throw state.defaultRuleArns.containsValue(arn)
          ? FakeAwsError.validation("OperationNotPermitted", "Use ModifyListener to change the actions of a default rule")
          : ruleNotFound();
    }
    List<Action> actions = actions(params.list("Actions.member"), state);
    List<Condition> conditions = conditions(params.list("Conditions.member"));
    if (!actions.isEmpty()) {
      rule.actions = actions;
    }
    if (!conditions.isEmpty()) {
      rule.conditions = conditions;
    }
    return rules(List.of(viewOf(rule)), null);
  }

  private Xml deleteRule(Params params, RegionState state) {
    String arn = params.require("RuleArn");
    if (state.defaultRuleArns.containsValue(arn)) {
      throw FakeAwsError.validation("OperationNotPermitted", "A default rule cannot be deleted");
    }
    if (state.rules.remove(arn) == null) {
      throw ruleNotFound();
    }
    return new Xml();
  }

  private Xml addTags(Params params, RegionState state) {
    Map<String, String> tags = params.tags("Tags.member");
    for (String arn : resourceArns(params)) {
      tagsOf(arn, state).putAll(tags);
    }
    return new Xml();
  }

  private Xml describeTags(Params params, RegionState state) {
    Xml xml = new Xml().open("TagDescriptions");
    for (String arn : resourceArns(params)) {
      xml.open("member").leaf("ResourceArn", arn).tags("Tags", "member", false, tagsOf(arn, state)).close("member");
    }
    return xml.close("TagDescriptions");
  }

  private static List<String> resourceArns(Params params) {
    List<String> arns = params.strings("ResourceArns.member");
    if (arns.isEmpty() || arns.size() > MAX_TAG_RESOURCES) {
      throw FakeAwsError.validation("ValidationError",
          "ResourceArns must have between 1 and " + MAX_TAG_RESOURCES + " members, got " + arns.size());
    }
    return arns;
  }

  private static Map<String, String> tagsOf(String arn, RegionState state) {
    Rule rule = state.rules.get(arn);
    if (rule != null) {
      return rule.tags;
    }
    Map<String, String> tags = state.elbTags(arn);
    if (tags == null) {
      throw arn.contains(":targetgroup/") ? targetGroupNotFound()
          : arn.contains(":listener-rule/") ? ruleNotFound()
          : arn.contains(":listener/") ? FakeAwsError.notFound("ListenerNotFound", "One or more listeners not found")
          : FakeAwsError.notFound("LoadBalancerNotFound", "One or more load balancers not found");
    }
    return tags;
  }

  private static Listener listener(String arn, RegionState state) {
    Listener listener = state.listeners.get(arn);
    if (listener == null) {
      throw FakeAwsError.notFound("ListenerNotFound", "One or more listeners not found");
    }
    return listener;
  }

  /** The listener's rules other than the default one, by priority. */
  private static List<Rule> rulesOf(Listener listener, RegionState state) {
    return state.rules.values().stream().filter(rule -> rule.listenerArn.equals(listener.arn))
        .sorted(Comparator.comparingInt(rule -> rule.priority)).toList();
  }

  /** The listener's part of its ARN ({@code app/<lb>/<id>/<id>}), which its rules' ARNs extend. */
  private static String pathOf(Listener listener) {
    return listener.arn.substring(listener.arn.indexOf(":listener/") + ":listener/".length());
  }

  private static RuleView defaultRule(Listener listener, RegionState state) {
    String arn = state.defaultRuleArns.computeIfAbsent(listener.arn,
        key -> state.elbArn("listener-rule", pathOf(listener) + "/" + state.nextHex(16)));
    return new RuleView(arn, "default", true, List.of(), listener.actions);
  }

  private static RuleView viewOf(Rule rule) {
    return new RuleView(rule.arn, String.valueOf(rule.priority), false, rule.conditions, rule.actions);
  }

  private static int priority(String text) {
    try {
      int priority = Integer.parseInt(text);
      if (priority >= 1 && priority <= 50_000) {
        return priority;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw FakeAwsError.validation("ValidationError", "Priority must be an integer between 1 and 50000, got '" + text + "'");
  }

  private static int marker(String marker, int size) {
    if (marker == null) {
      return 0;
    }
    try {
      int from = Integer.parseInt(marker);
      if (from >= 0 && from <= size) {
        return from;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw FakeAwsError.validation("ValidationError", "Invalid marker '" + marker + "'");
  }

  /**
   * Parses {@code Conditions.member.N}: only {@code host-header}, with its values in {@code HostHeaderConfig.Values}
   * or in the legacy {@code Values} (not both, as AWS requires).
   */
  private static List<Condition> conditions(List<Params> members) {
    List<Condition> out = new ArrayList<>();
    for (Params condition : members) {
      String field = condition.require("Field");
      if (!field.equals("host-header")) {
        throw FakeAwsError.validation("ValidationError", "Condition field '" + field + "' is not supported by this fake");
      }
      List<String> configured = condition.strings("HostHeaderConfig.Values.member");
      List<String> legacy = condition.strings("Values.member");
      if (!configured.isEmpty() && !legacy.isEmpty()) {
        throw FakeAwsError.validation("ValidationError", "You cannot specify both Values and HostHeaderConfig for a condition");
      }
      List<String> values = configured.isEmpty() ? legacy : configured;
      if (values.isEmpty() || values.size() > 5) {
        throw FakeAwsError.validation("ValidationError", "A host-header condition needs between 1 and 5 values");
      }
      out.add(new Condition(field, List.copyOf(values)));
    }
    if (out.stream().map(Condition::field).distinct().count() < out.size()) {
      throw FakeAwsError.validation("ValidationError", "A rule can have only one host-header condition");
    }
    return out;
  }

  /** Parses actions ({@code DefaultActions.member.N} or {@code Actions.member.N}): forward (single ARN or weighted ForwardConfig) or fixed-response. */
  private static List<Action> actions(List<Params> members, RegionState state) {
    List<Action> out = new ArrayList<>();
    for (Params action : members) {
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
          .leaf("Port", listener.port).leaf("Protocol", listener.protocol);
      actionsXml(xml, "DefaultActions", listener.actions);
      xml.close("member");
    }
    return xml.close("Listeners");
  }

  /** A rule as DescribeRules shows it; the default rule has priority {@code default} and no conditions. */
  private record RuleView(String arn, String priority, boolean isDefault, List<Condition> conditions, List<Action> actions) {}

  private static Xml rules(List<RuleView> rules, String nextMarker) {
    Xml xml = new Xml().open("Rules");
    for (RuleView rule : rules) {
      xml.open("member").leaf("RuleArn", rule.arn()).leaf("Priority", rule.priority()).open("Conditions");
      for (Condition condition : rule.conditions()) {
        // AWS answers with both the legacy Values and the field's own config.
        xml.open("member").leaf("Field", condition.field()).open("Values");
        condition.values().forEach(value -> xml.leaf("member", value));
        xml.close("Values").open("HostHeaderConfig").open("Values");
        condition.values().forEach(value -> xml.leaf("member", value));
        xml.close("Values").close("HostHeaderConfig").close("member");
      }
      xml.close("Conditions");
      actionsXml(xml, "Actions", rule.actions());
      xml.leaf("IsDefault", rule.isDefault()).close("member");
    }
    xml.close("Rules");
    return xml.leaf("NextMarker", nextMarker);
  }

  private static void actionsXml(Xml xml, String name, List<Action> actions) {
    xml.open(name);
    int order = 1;
    for (Action action : actions) {
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
    xml.close(name);
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

  /** The load balancers whose listeners or rules forward to the group. */
  private static List<String> loadBalancersOf(TargetGroup group, RegionState state) {
    Stream<String> byListeners = state.listeners.values().stream()
        .filter(listener -> forwardsTo(listener.actions, group.arn)).map(listener -> listener.loadBalancerArn);
    Stream<String> byRules = state.rules.values().stream().filter(rule -> forwardsTo(rule.actions, group.arn))
        .map(rule -> state.listeners.get(rule.listenerArn)).filter(Objects::nonNull).map(listener -> listener.loadBalancerArn);
    return Stream.concat(byListeners, byRules).distinct().toList();
  }

  private static boolean forwardsTo(List<Action> actions, String targetGroupArn) {
    return actions.stream().flatMap(action -> action.forward().stream()).anyMatch(target -> target.targetGroupArn().equals(targetGroupArn));
  }

  private static FakeAwsError targetGroupNotFound() {
    return FakeAwsError.notFound("TargetGroupNotFound", "One or more target groups not found");
  }

  private static FakeAwsError ruleNotFound() {
    return FakeAwsError.notFound("RuleNotFound", "One or more rules not found");
  }
}
