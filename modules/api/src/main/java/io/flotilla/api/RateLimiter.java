package io.flotilla.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per principal for mutating calls: {@code burst} calls at once, refilled at {@code perSecond}. A
 * call over the limit is refused with how long until the next one would pass. Buckets live as long as the node;
 * there is one per configured principal, so they are few.
 */
final class RateLimiter {
  private final double perSecond;
  private final int burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** Takes one call from the principal's bucket: empty when it may go ahead, else how long to wait. */
  Optional<Duration> acquire(String principal) {
    return buckets.computeIfAbsent(principal, name -> new Bucket(burst, nanoTime.getAsLong())).take();
  }

  private final class Bucket {
    private double available;
    private long refilledAt;

    Bucket(double available, long now) {
      this.available = available;
      this.refilledAt = now;
    }

    synchronized Optional<Duration> take() {
      long now = nanoTime.getAsLong();
      available = Math.min(burst, available + (now - refilledAt) / 1e9 * perSecond);
      refilledAt = now;
      if (available >= 1) {
        available -= 1;
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos((long) Math.ceil((1 - available) / perSecond * 1e9)));
    }
  }
}
