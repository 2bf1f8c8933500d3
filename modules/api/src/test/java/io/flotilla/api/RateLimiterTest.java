package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong();
  private final RateLimiter limiter = new RateLimiter(2, 3, now::get);

  @Test
  void allowsABurstThenRefusesWithTheWaitUntilTheNextToken() {
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), limiter.acquire("ci"));
    }
    assertEquals(Optional.of(Duration.ofMillis(500)), limiter.acquire("ci"));
  }

  @Test
  void refillsAtTheConfiguredRateUpToTheBurst() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("ci");
    }
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertEquals(Optional.empty(), limiter.acquire("ci"));
    assertTrue(limiter.acquire("ci").isPresent());
    now.addAndGet(Duration.ofHours(1).toNanos());
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), limiter.acquire("ci"), "call " + i);
    }
    assertTrue(limiter.acquire("ci").isPresent());
  }

  @Test
  void eachPrincipalHasItsOwnBucket() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("ci");
    }
    assertTrue(limiter.acquire("ci").isPresent());
    assertEquals(Optional.empty(), limiter.acquire("ops"));
  }
}
