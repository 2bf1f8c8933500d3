package io.flotilla.engine.health;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can reach Cassandra, the event store, as far as it knows: a cheap probe every
 * {@code probe-interval} decides. One probe the driver refuses outright (no node to send it to) makes it unavailable;
 * otherwise (timeouts) {@code failures-before-down} in a row do. One probe that answers makes it available again.
 *
 * <p>Mutating API calls consult it: while unavailable they are refused at once (503), and a change waiting for an
 * entity when Cassandra goes away is answered 503 then, not when its ask times out ({@link #guard}). Reads
 * answered from memory say they are degraded.
 */
public final class CassandraHealth {
  private static final Logger log = LoggerFactory.getLogger(CassandraHealth.class);

  /** Available or not, since when, and why not. */
  public record Status(boolean available, Instant since, String reason) {}

  private final Clock clock;
  private final HealthSettings settings;
  private final AtomicReference<Status> status;
  private final AtomicInteger failuresInARow = new AtomicInteger();
  // changes waiting for an entity's answer: failed at once when Cassandra becomes unavailable
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

  public CassandraHealth(Clock clock, HealthSettings settings) {
    this.clock = clock;
    this.settings = settings;
    this.status = new AtomicReference<>(new Status(true, clock.instant(), null));
  }

  public Status status() {
    return status.get();
  }

  public boolean available() {
    return status.get().available();
  }

  public HealthSettings settings() {
    return settings;
  }

  /** Runs one probe and records its outcome; the probe's failure is a reason to be unavailable. */
  public CompletionStage<Status> probe(Supplier<CompletionStage<?>> query) {
    CompletionStage<?> running;
    try {
      running = query.get();
    } catch (RuntimeException e) {
      running = CompletableFuture.failedFuture(e);
    }
    return running.toCompletableFuture()
        .orTimeout(settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((ignored, failure) -> {
          if (failure == null) {
            succeeded();
          } else {
            failed(unwrap(failure));
          }
          return status.get();
        });
  }

  /** Cassandra answered: available. */
  public void succeeded() {
    failuresInARow.set(0);
    Status before = status.get();
    if (!before.available() && status.compareAndSet(before, new Status(true, clock.instant(), null))) {
      log.info("Cassandra is available again after {}", java.time.Duration.between(before.since(), clock.instant()));
    }
  }

  /** A query failed: unavailable at once when no node could take it, else after enough failures in a row. */
  public void failed(Throwable cause) {
    int failures = failuresInARow.incrementAndGet();
    boolean definite = cause instanceof AllNodesFailedException;
    if (!definite && failures < settings.failuresBeforeDown()) {
      return;
    }
    Status before = status.get();
    if (before.available()) {
      String reason = "Cassandra unavailable: " + firstLine(cause);
      Status down = new Status(false, clock.instant(), reason);
      if (status.compareAndSet(before, down)) {
        log.warn("{}; mutating calls are refused until it answers again", reason);
        StoreUnavailableException unavailable = new StoreUnavailableException(down, true);
        pending.forEach(change -> change.completeExceptionally(unavailable));
      }
    }
  }

  /**
   * A change through the event store: refused at once while Cassandra is unavailable, else {@code change} started,
   * and failed with {@link StoreUnavailableException} as soon as Cassandra becomes unavailable before it answers.
   * The change's own answer is only ever an answer after its events were persisted.
   */
  public <T> CompletionStage<T> guard(Supplier<CompletionStage<T>> change) {
    Status now = status.get();
    if (!now.available()) {
      return CompletableFuture.failedFuture(new StoreUnavailableException(now, false));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    pending.add(result);
    result.whenComplete((value, failure) -> pending.remove(result));
    Status afterAdding = status.get();
    if (!afterAdding.available()) {
      result.completeExceptionally(new StoreUnavailableException(afterAdding, false));
      return result;
    }
    change.get().whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(failure);
      }
    });
    return result;
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private static String firstLine(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
