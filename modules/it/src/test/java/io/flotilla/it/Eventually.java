package io.flotilla.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls for a condition with a deadline: tests wait for eventually-true facts, never for fixed times. */
final class Eventually {
  private Eventually() {}

  /** Returns the first non-null value of {@code probe}, failing with {@code what} after {@code timeout}. */
  static <T> T value(Duration timeout, Supplier<T> probe, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException | AssertionError e) {
        last = e;
      }
      sleep(100);
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
        + (last == null ? "" : " (last error: " + last + ")"), last);
  }

  static void until(Duration timeout, Supplier<Boolean> condition, String what) {
    value(timeout, () -> condition.get() ? Boolean.TRUE : null, what);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
