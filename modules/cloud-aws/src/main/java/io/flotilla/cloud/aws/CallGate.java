package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The rate limit of one API family in one (account, region): a token bucket in front of a priority queue. A call
 * starts at once while tokens remain and nothing is queued; otherwise it waits, and each new token goes to the most
 * urgent waiting call (first come, first served within a priority). So a rollback queued behind a hundred deletes
 * is the next call to leave.
 */
final class CallGate {
  private record Waiting(CallPriority priority, long sequence, Runnable start) implements Comparable<Waiting> {
    @Override
    public int compareTo(Waiting other) {
      int byPriority = priority.compareTo(other.priority);
      return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
    }
  }

  private final RateLimit limit;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  private final Executor starter;
  private final PriorityQueue<Waiting> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong delayed = new AtomicLong();
  private double tokens;
  private long refilledAt;
  private boolean drainScheduled;

  CallGate(RateLimit limit, ScheduledExecutorService timer, LongSupplier nanoTime) {
    this(limit, timer, nanoTime, ForkJoinPool.commonPool());
  }

  /** {@code starter} starts calls that waited (off the timer thread: starting one may refresh credentials). */
  CallGate(RateLimit limit, ScheduledExecutorService timer, LongSupplier nanoTime, Executor starter) {
    this.limit = limit;
    this.timer = timer;
    this.starter = starter;
    this.nanoTime = nanoTime;
    this.tokens = limit.burst();
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Runs {@code call} when the rate limit lets it, ahead of any less urgent waiting call. */
  <T> CompletableFuture<T> submit(CallPriority priority, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> {
      started.incrementAndGet();
      try {
        call.get().whenComplete((value, failure) -> {
          if (failure == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(failure);
          }
        });
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    };
    boolean now;
    synchronized (this) {
      refill();
      now = queue.isEmpty() && tokens >= 1;
      if (now) {
        tokens -= 1;
      } else {
        delayed.incrementAndGet();
        queue.add(new Waiting(priority, sequence.getAndIncrement(), start));
        scheduleDrain();
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  /** Calls started so far, and how many of them had to wait for a token. */
  long started() {
    return started.get();
  }

  long delayed() {
    return delayed.get();
  }

  synchronized int waiting() {
    return queue.size();
  }

  private void drain() {
    while (true) {
      Waiting next;
      synchronized (this) {
        drainScheduled = false;
        refill();
        if (queue.isEmpty()) {
          return;
        }
        if (tokens < 1) {
          scheduleDrain();
          return;
        }
        tokens -= 1;
        next = queue.poll();
      }
      starter.execute(next.start());
    }
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(limit.burst(), tokens + (now - refilledAt) * limit.perSecond() / 1e9);
    refilledAt = now;
  }

  private void scheduleDrain() {
    if (drainScheduled) {
      return;
    }
    drainScheduled = true;
    long waitNanos = (long) Math.ceil(Math.max(0, 1 - tokens) * 1e9 / limit.perSecond());
    timer.schedule(this::drain, Math.max(waitNanos, 100_000), TimeUnit.NANOSECONDS);
  }
}
