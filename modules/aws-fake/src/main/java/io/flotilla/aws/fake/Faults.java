package io.flotilla.aws.fake;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Call counts per action, and failures or delays armed for the next calls of an action (across all accounts). */
public final class Faults {
  /** What an armed failure answers with. */
  public enum Kind {
    /** 400 {@code Throttling} ({@code RequestLimitExceeded} on EC2). */
    THROTTLE,
    /** 503 {@code ServiceUnavailable} ({@code Unavailable} on EC2). */
    SERVER_ERROR
  }

  private record Armed(Kind kind, AtomicInteger remaining) {}

  private record Delay(Duration delay, AtomicInteger remaining) {}

  private final Map<String, Armed> armed = new ConcurrentHashMap<>();
  private final Map<String, Delay> delays = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Fails the next {@code count} calls of {@code action} (e.g. {@code "ModifyListener"}). */
  public void failNext(String action, Kind kind, int count) {
    armed.put(action, new Armed(kind, new AtomicInteger(count)));
  }

  public void throttleNext(String action, int count) {
    failNext(action, Kind.THROTTLE, count);
  }

  public void serverErrorNext(String action, int count) {
    failNext(action, Kind.SERVER_ERROR, count);
  }

  /**
   * Holds the next {@code count} calls of {@code action} for {@code delay} before acting on them: the call is in
   * flight, not yet applied, for that long (a caller killed meanwhile never sees the answer; the effect lands later).
   */
  public void delayNext(String action, Duration delay, int count) {
    delays.put(action, new Delay(delay, new AtomicInteger(count)));
  }

  /** How many requests for {@code action} reached the fake, failed ones included. */
  public int calls(String action) {
    AtomicInteger count = calls.get(action);
    return count == null ? 0 : count.get();
  }

  public void reset() {
    armed.clear();
    delays.clear();
    calls.clear();
  }

  /** Counts the call and throws the armed failure, if any. */
  void onCall(String action, boolean ec2) {
    calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
    Delay delay = delays.get(action);
    if (delay != null && delay.remaining().getAndDecrement() > 0) {
      try {
        Thread.sleep(delay.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Armed failure = armed.get(action);
    if (failure == null || failure.remaining().getAndDecrement() <= 0) {
      return;
    }
    if (failure.kind() == Kind.THROTTLE) {
      throw new FakeAwsError(ec2 ? 503 : 400, ec2 ? "RequestLimitExceeded" : "Throttling", "Rate exceeded", true);
    }
    throw new FakeAwsError(503, ec2 ? "Unavailable" : "ServiceUnavailable", "Service is unavailable", false);
  }
}
