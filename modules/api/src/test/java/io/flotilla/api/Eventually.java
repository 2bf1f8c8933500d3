package io.flotilla.api;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds or a deadline passes; tests assert outcomes, never timings. */
final class Eventually {
  private Eventually() {}

  static <T> T until(Duration within, Supplier<T> probe, Predicate<T> done) {
    Instant deadline = Instant.now().plus(within);
    T last = null;
    RuntimeException lastFailure = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = probe.get();
        lastFailure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastFailure = e;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    AssertionError error = new AssertionError("condition not met within " + within + "; last: " + last);
    if (lastFailure != null) {
      error.initCause(lastFailure);
    }
    throw error;
  }
}
