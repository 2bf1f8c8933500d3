package io.flotilla.cloud.aws;

import io.flotilla.cloud.CloudException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * Finds or creates the rule for one host on a listener, starting from rules already read. A new rule takes the lowest
 * free priority; when another node took that priority first (PriorityInUse), the rules are read again: if the racer
 * made this host's rule, that is the answer, else the next free priority is tried; from the second collision on it is
 * picked at random from a window of free priorities that doubles each time, so that many racing creators spread out
 * instead of colliding again. After a create the
 * rules are read once more: if racing nodes both made a rule for the host, the lowest priority one (the one the ALB
 * evaluates first) is kept and the others are deleted, so there is one rule per host.
 */
final class EnsureHostRule {
  static final int ATTEMPTS = 20;
  private static final int MAX_SPREAD = 64;

  private EnsureHostRule() {}

  static CompletionStage<Rule> run(AwsCalls calls, String listenerArn, String host, Action action, Map<String, String> tags,
      List<Rule> known) {
    Optional<Rule> existing = HostRules.effective(known, host);
    if (existing.isPresent()) {
      return CompletableFuture.completedFuture(existing.get());
    }
    Set<Integer> taken = new HashSet<>();
    return create(calls, listenerArn, host, action, tags, HostRules.lowestFreePriority(known, taken), taken, 1);
  }

  private static CompletionStage<Rule> create(AwsCalls calls, String listenerArn, String host, Action action,
      Map<String, String> tags, int priority, Set<Integer> taken, int attempt) {
    return CreateRule.run(calls, listenerArn, priority, host, action, tags).<CompletionStage<Rule>>handle((created, failure) -> {
      if (failure == null) {
        return settle(calls, listenerArn, host, created);
      }
      if (!AwsErrors.hasCode(failure, "PriorityInUse")) {
        return CompletableFuture.failedFuture(failure);
      }
      taken.add(priority);
      if (attempt >= ATTEMPTS) {
        return CompletableFuture.failedFuture(new CloudException(
            "no free rule priority for " + host + " after " + ATTEMPTS + " attempts (priorities taken by racing creates)", true));
      }
      return DescribeRules.run(calls, listenerArn).thenCompose(rules -> {
        Optional<Rule> raced = HostRules.effective(rules, host);
        if (raced.isPresent()) {
          return CompletableFuture.completedFuture(raced.get());
        }
        // The first retry takes the next free priority; later ones spread out over a window that doubles each time.
        int skip = ThreadLocalRandom.current().nextInt(Math.min(1 << (attempt - 1), MAX_SPREAD));
        return create(calls, listenerArn, host, action, tags, HostRules.freePriority(rules, taken, skip), taken, attempt + 1);
      });
    }).thenCompose(next -> next);
  }

  /** Keeps the lowest priority rule of the host and deletes any other a racing node made for it. */
  private static CompletionStage<Rule> settle(AwsCalls calls, String listenerArn, String host, Rule created) {
    return DescribeRules.run(calls, listenerArn).thenCompose(rules -> {
      List<Rule> same = HostRules.withHost(rules, host);
      if (same.isEmpty()) {
        return CompletableFuture.completedFuture(created);
      }
      CompletableFuture<?>[] duplicates = same.subList(1, same.size()).stream()
          .map(duplicate -> DeleteRule.run(calls, duplicate.ruleArn()).toCompletableFuture()).toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(duplicates).thenApply(deleted -> same.get(0));
    });
  }
}
