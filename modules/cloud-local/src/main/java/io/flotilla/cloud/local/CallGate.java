package io.flotilla.cloud.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every port call by operation and decides, from the injected faults, whether it fails (with a
 * {@code CloudException}) or is slowed down. Planned faults ("the next N calls of X") are used up in the order they
 * were added; the random mode applies to every call after them. Calls that fail are counted like the others.
 */
final class CallGate {
  /** What happens to one call: it waits {@code delay}, then fails (retryable or not) or runs. */
  record Decision(boolean fails, boolean retryable, Duration delay) {
    static final Decision PROCEED = new Decision(false, false, Duration.ZERO);
  }

  private record Plan(Operation operation, int remaining, boolean fails, boolean retryable, Duration delay) {
    boolean matches(Operation call) {
      return operation == null || operation == call;
    }
  }

  private record RandomFaults(double failProbability, double slowProbability, Duration delay) {}

  private final Map<Operation, AtomicLong> counts = new EnumMap<>(Operation.class);
  private final AtomicLong failuresInjected = new AtomicLong();
  private final AtomicLong delaysInjected = new AtomicLong();
  private final List<Plan> plans = new ArrayList<>();
  private RandomFaults random;

  CallGate() {
    for (Operation operation : Operation.values()) {
      counts.put(operation, new AtomicLong());
    }
  }

  synchronized Decision admit(Operation operation) {
    counts.get(operation).incrementAndGet();
    boolean fails = false;
    boolean retryable = false;
    Duration delay = Duration.ZERO;
    boolean failPlanned = false;
    boolean slowPlanned = false;
    for (int i = 0; i < plans.size(); i++) {
      Plan plan = plans.get(i);
      if (!plan.matches(operation) || (plan.fails() ? failPlanned : slowPlanned)) {
        continue;
      }
      if (plan.fails()) {
        failPlanned = true;
        fails = true;
        retryable = plan.retryable();
      } else {
        slowPlanned = true;
        delay = plan.delay();
      }
      plans.set(i, new Plan(plan.operation(), plan.remaining() - 1, plan.fails(), plan.retryable(), plan.delay()));
    }
    plans.removeIf(plan -> plan.remaining() <= 0);
    if (random != null) {
      ThreadLocalRandom dice = ThreadLocalRandom.current();
      if (!failPlanned && dice.nextDouble() < random.failProbability()) {
        fails = true;
        retryable = true;
      }
      if (!slowPlanned && dice.nextDouble() < random.slowProbability()) {
        delay = random.delay();
      }
    }
    if (fails) {
      failuresInjected.incrementAndGet();
    }
    if (!delay.isZero()) {
      delaysInjected.incrementAndGet();
    }
    return fails || !delay.isZero() ? new Decision(fails, retryable, delay) : Decision.PROCEED;
  }

  /** The next {@code count} calls of {@code operation} (null: of any operation) fail. */
  synchronized void failNext(Operation operation, int count, boolean retryable) {
    requirePositive(count);
    plans.add(new Plan(operation, count, true, retryable, Duration.ZERO));
  }

  /** The next {@code count} calls of {@code operation} (null: of any operation) take {@code delay} longer. */
  synchronized void slowNext(Operation operation, int count, Duration delay) {
    requirePositive(count);
    requireDelay(delay);
    plans.add(new Plan(operation, count, false, false, delay));
  }

  /** From now on, each call fails with probability {@code p} and is slowed by {@code delay} with probability q. */
  synchronized void random(double failProbability, double slowProbability, Duration delay) {
    if (!(failProbability >= 0 && failProbability <= 1 && slowProbability >= 0 && slowProbability <= 1)) {
      throw new IllegalArgumentException("probabilities must be between 0 and 1");
    }
    requireDelay(delay);
    random = failProbability == 0 && slowProbability == 0 ? null
        : new RandomFaults(failProbability, slowProbability, delay);
  }

  synchronized void clear() {
    plans.clear();
    random = null;
  }

  long count(Operation operation) {
    return counts.get(operation).get();
  }

  Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.forEach((operation, count) -> out.put(operation.id(), count.get()));
    return out;
  }

  /** How many calls were made to fail, and how many were slowed, so far (a call can be both). */
  Map<String, Long> injected() {
    return Map.of("failed", failuresInjected.get(), "slowed", delaysInjected.get());
  }

  private static void requirePositive(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
  }

  private static void requireDelay(Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or more");
    }
  }
}
