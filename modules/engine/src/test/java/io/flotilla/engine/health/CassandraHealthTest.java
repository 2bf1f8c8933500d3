package io.flotilla.engine.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CassandraHealthTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final HealthSettings SETTINGS = new HealthSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 2,
      Duration.ofSeconds(5), Duration.ofSeconds(3));

  private final CassandraHealth health = new CassandraHealth(CLOCK, SETTINGS);

  @Test
  void isUnavailableAtOnceWhenNoNodeCanTakeTheProbe() {
    health.probe(() -> CompletableFuture.failedFuture(new NoNodeAvailableException())).toCompletableFuture().join();

    assertFalse(health.available());
    assertEquals(CLOCK.instant(), health.status().since());
    assertTrue(health.status().reason().contains("No node was available"), health.status().reason());
  }

  @Test
  void probesThatTimeOutMakeItUnavailableOnlyAfterEnoughInARow() {
    health.failed(new TimeoutException("probe"));
    assertTrue(health.available(), "one slow probe is not an outage");
    health.succeeded();
    health.failed(new TimeoutException("probe"));
    assertTrue(health.available(), "an answer in between starts the count again");
    health.failed(new TimeoutException("probe"));
    assertFalse(health.available());
  }

  @Test
  void oneProbeThatAnswersMakesItAvailableAgain() {
    health.failed(new NoNodeAvailableException());
    health.probe(() -> CompletableFuture.completedFuture("5.0.6")).toCompletableFuture().join();

    assertTrue(health.available());
  }

  @Test
  void aChangeIsRefusedWithoutAskingWhileUnavailable() {
    health.failed(new NoNodeAvailableException());
    AtomicInteger asked = new AtomicInteger();

    CompletionStage<String> change = health.guard(() -> {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture("done");
    });

    StoreUnavailableException refused = failureOf(change);
    assertFalse(refused.inFlight(), "nothing was asked, so nothing changed");
    assertEquals(0, asked.get());
  }

  @Test
  void aChangeInFlightFailsAsSoonAsCassandraGoesAway() {
    CompletableFuture<String> entityAnswer = new CompletableFuture<>();
    CompletionStage<String> change = health.guard(() -> entityAnswer);
    assertFalse(change.toCompletableFuture().isDone());

    health.failed(new NoNodeAvailableException());

    StoreUnavailableException unconfirmed = failureOf(change);
    assertTrue(unconfirmed.inFlight(), "the entity may have persisted it");
    entityAnswer.complete("persisted after all");
    assertTrue(change.toCompletableFuture().isCompletedExceptionally(), "the first outcome stands");
  }

  @Test
  void aChangeAnsweredWhileAvailablePassesTheAnswerThrough() {
    CompletionStage<String> change = health.guard(() -> CompletableFuture.completedFuture("persisted"));
    health.failed(new NoNodeAvailableException());

    assertEquals("persisted", change.toCompletableFuture().join());
  }

  private static StoreUnavailableException failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return assertInstanceOf(StoreUnavailableException.class, e.getCause());
    }
    throw new AssertionError("expected a failure");
  }
}
