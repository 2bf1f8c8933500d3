package io.flotilla.aws.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resources of one (account, region). Handlers touch it only while holding its monitor, so requests from many SDK
 * threads see consistent state.
 */
final class RegionState {
  final String account;
  final String region;
  private final AtomicLong ids = new AtomicLong(1);

  final Map<String, LaunchTemplate> launchTemplates = new LinkedHashMap<>();
  final Map<String, AutoScalingGroup> groups = new LinkedHashMap<>();
  final Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
  final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
  final Map<String, Listener> listeners = new LinkedHashMap<>();
  /** Listener rules other than the default ones, by rule ARN. */
  final Map<String, Rule> rules = new LinkedHashMap<>();
  /** The ARN of each listener's default rule (the rule that carries its default actions), by listener ARN. */
  final Map<String, String> defaultRuleArns = new LinkedHashMap<>();
  final Map<MetricKey, List<Datum>> metrics = new HashMap<>();
  final Map<String, Alarm> alarms = new TreeMap<>();

  RegionState(String account, String region) {
    this.account = account;
    this.region = region;
  }

  String nextHex(int digits) {
    return String.format("%0" + digits + "x", ids.getAndIncrement());
  }

  String elbArn(String kind, String rest) {
    return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":" + kind + "/" + rest;
  }

  /** Tags of any ELBv2 resource, or null when the ARN is unknown here. */
  Map<String, String> elbTags(String arn) {
    if (targetGroups.containsKey(arn)) {
      return targetGroups.get(arn).tags;
    }
    if (loadBalancers.containsKey(arn)) {
      return loadBalancers.get(arn).tags;
    }
    if (listeners.containsKey(arn)) {
      return listeners.get(arn).tags;
    }
    return null;
  }

  static final class LaunchTemplate {
    final String id;
    final String name;
    final Instant created;
    final String imageId;
    final String instanceType;
    final Map<String, String> tags;

    LaunchTemplate(String id, String name, Instant created, String imageId, String instanceType, Map<String, String> tags) {
      this.id = id;
      this.name = name;
      this.created = created;
      this.imageId = imageId;
      this.instanceType = instanceType;
      this.tags = tags;
    }
  }

  static final class Instance {
    final String id;
    final String availabilityZone;
    final Instant launched;

    Instance(String id, String availabilityZone, Instant launched) {
      this.id = id;
      this.availabilityZone = availabilityZone;
      this.launched = launched;
    }
  }

  static final class AutoScalingGroup {
    final String name;
    final String arn;
    final LaunchTemplate launchTemplate;
    final int minSize;
    final int maxSize;
    final int desiredCapacity;
    final String vpcZoneIdentifier;
    final List<String> targetGroupArns;
    final Map<String, String> tags;
    final Instant created;
    final List<Instance> instances = new ArrayList<>();

    AutoScalingGroup(String name, String arn, LaunchTemplate launchTemplate, int minSize, int maxSize, int desiredCapacity,
        String vpcZoneIdentifier, List<String> targetGroupArns, Map<String, String> tags, Instant created) {
      this.name = name;
      this.arn = arn;
      this.launchTemplate = launchTemplate;
      this.minSize = minSize;
      this.maxSize = maxSize;
      this.desiredCapacity = desiredCapacity;
      this.vpcZoneIdentifier = vpcZoneIdentifier;
      this.targetGroupArns = targetGroupArns;
      this.tags = tags;
      this.created = created;
    }
  }

  static final class TargetGroup {
    final String arn;
    final String name;
    final String protocol;
    final int port;
    final String vpcId;
    final String targetType;
    final String healthCheckPath;
    final Map<String, String> tags = new LinkedHashMap<>();

    TargetGroup(String arn, String name, String protocol, int port, String vpcId, String targetType, String healthCheckPath) {
      this.arn = arn;
      this.name = name;
      this.protocol = protocol;
      this.port = port;
      this.vpcId = vpcId;
      this.targetType = targetType;
      this.healthCheckPath = healthCheckPath;
    }
  }

  static final class LoadBalancer {
    final String arn;
    final String name;
    final Map<String, String> tags = new LinkedHashMap<>();

    LoadBalancer(String arn, String name) {
      this.arn = arn;
      this.name = name;
    }
  }

  /** One listener default action: weighted forward, or a fixed response. */
  record Action(String type, List<WeightedTarget> forward, String fixedStatus) {}

  record WeightedTarget(String targetGroupArn, int weight) {}

  static final class Listener {
    final String arn;
    final String loadBalancerArn;
    final String protocol;
    final int port;
    List<Action> actions;
    final Map<String, String> tags = new LinkedHashMap<>();

    Listener(String arn, String loadBalancerArn, String protocol, int port, List<Action> actions) {
      this.arn = arn;
      this.loadBalancerArn = loadBalancerArn;
      this.protocol = protocol;
      this.port = port;
      this.actions = actions;
    }
  }

  /** A CloudWatch metric: namespace, name and its full set of dimensions (matched exactly, as CloudWatch does). */
  record MetricKey(String namespace, String name, Map<String, String> dimensions) {
    MetricKey {
      dimensions = Map.copyOf(dimensions);
    }
  }

  /** One published value of a metric (a count, or one request's latency). */
  record Datum(Instant at, double value) {}

  static final class Alarm {
    final String name;
    final String arn;
    String state;
    Instant updated;

    Alarm(String name, String arn, String state, Instant updated) {
      this.name = name;
      this.arn = arn;
      this.state = state;
      this.updated = updated;
    }
  }

  /** One rule condition: a field such as {@code host-header} and the values it matches. */
  record Condition(String field, List<String> values) {}

  /** A listener rule: conditions, actions (same shapes as a listener's default actions), a priority unique per listener. */
  static final class Rule {
    final String arn;
    final String listenerArn;
    final int priority;
    List<Condition> conditions;
    List<Action> actions;
    final Map<String, String> tags = new LinkedHashMap<>();

    Rule(String arn, String listenerArn, int priority, List<Condition> conditions, List<Action> actions) {
      this.arn = arn;
      this.listenerArn = listenerArn;
      this.priority = priority;
      this.conditions = conditions;
      this.actions = actions;
    }
  }
}
