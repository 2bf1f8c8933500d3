package io.flotilla.cloud.aws;

import io.flotilla.cloud.CloudException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/**
 * Endpoints as host-header rules on a shared listener: finding a host's rule among a listener's rules (by the
 * condition, never by tags), picking free priorities, and the preview host of an endpoint host.
 */
final class HostRules {
  static final String HOST_HEADER = "host-header";
  /** Marks a rule as an endpoint's preview, so it is never taken for the endpoint itself. */
  static final String PREVIEW_TAG = "flotilla:preview";
  static final int MIN_PRIORITY = 1;
  static final int MAX_PRIORITY = 50_000;

  private HostRules() {}

  /** The hosts a rule matches on (host names are case-insensitive, so lower case). */
  static Set<String> hostsOf(Rule rule) {
    return rule.conditions().stream().filter(condition -> HOST_HEADER.equals(condition.field()))
        .flatMap(condition -> valuesOf(condition).stream()).map(host -> host.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  /** The rules that match exactly this host, lowest priority (the one the ALB evaluates first) first. */
  static List<Rule> withHost(List<Rule> rules, String host) {
    String wanted = host.toLowerCase(Locale.ROOT);
    return rules.stream().filter(rule -> !Boolean.TRUE.equals(rule.isDefault()))
        .filter(rule -> hostsOf(rule).equals(Set.of(wanted)))
        .sorted(Comparator.comparingInt(HostRules::priorityOf)).toList();
  }

  /** The rule that serves this host: with duplicates from a race, the one the ALB evaluates first. */
  static Optional<Rule> effective(List<Rule> rules, String host) {
    return withHost(rules, host).stream().findFirst();
  }

  /** The lowest priority no rule has and that is not in {@code alsoTaken} (ones found taken since the rules were read). */
  static int lowestFreePriority(List<Rule> rules, Set<Integer> alsoTaken) {
    return freePriority(rules, alsoTaken, 0);
  }

  /** The free priority after skipping {@code skip} free ones (racing creators that skip differently stop colliding). */
  static int freePriority(List<Rule> rules, Set<Integer> alsoTaken, int skip) {
    Set<Integer> taken = rules.stream().filter(rule -> !Boolean.TRUE.equals(rule.isDefault()))
        .map(HostRules::priorityOf).collect(Collectors.toSet());
    int toSkip = skip;
    for (int priority = MIN_PRIORITY; priority <= MAX_PRIORITY; priority++) {
      if (!taken.contains(priority) && !alsoTaken.contains(priority) && toSkip-- == 0) {
        return priority;
      }
    }
    throw new CloudException("no free rule priority left on the listener", false);
  }

  static int priorityOf(Rule rule) {
    try {
      return Integer.parseInt(rule.priority());
    } catch (NumberFormatException notNumeric) {
      return Integer.MAX_VALUE;
    }
  }

  /** {@code checkout.example.com} becomes {@code checkout-preview.example.com}; a host without dots gets {@code -preview}. */
  static String previewHost(String host) {
    int dot = host.indexOf('.');
    return dot < 0 ? host + "-preview" : host.substring(0, dot) + "-preview" + host.substring(dot);
  }

  private static List<String> valuesOf(RuleCondition condition) {
    if (condition.hostHeaderConfig() != null && condition.hostHeaderConfig().hasValues()) {
      return condition.hostHeaderConfig().values();
    }
    return condition.hasValues() ? condition.values() : List.of();
  }
}
