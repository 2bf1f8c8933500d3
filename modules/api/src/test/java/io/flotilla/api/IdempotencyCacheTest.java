package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {
  private final MutableClock clock = new MutableClock();
  private final IdempotencyCache cache = new IdempotencyCache(Duration.ofHours(24), 3, clock);
  private final AtomicInteger commands = new AtomicInteger();

  @Test
  void theSameKeyAndRequestRunsTheCommandOnce() throws Exception {
    HttpResponse first = run("key", "a");
    HttpResponse second = run("key", "a");
    assertEquals(1, commands.get());
    assertEquals(first.status(), second.status());
    assertEquals("true", second.getHeader(IdempotencyCache.REPLAYED_HEADER).orElseThrow().value());
  }

  @Test
  void aRetryWhileTheFirstIsInFlightWaitsForIt() throws Exception {
    CompletableFuture<HttpResponse> slow = new CompletableFuture<>();
    CompletionStage<HttpResponse> first = cache.execute("key", "a", () -> {
      commands.incrementAndGet();
      return slow;
    });
    CompletionStage<HttpResponse> second = cache.execute("key", "a", this::command);
    slow.complete(HttpResponse.create().withStatus(StatusCodes.ACCEPTED));
    assertEquals(202, second.toCompletableFuture().get().status().intValue());
    assertEquals(202, first.toCompletableFuture().get().status().intValue());
    assertEquals(1, commands.get());
  }

  @Test
  void theSameKeyForAnotherRequestIsRefused() throws Exception {
    run("key", "a");
    ExecutionException refused = assertThrows(ExecutionException.class, () -> run("key", "b"));
    ApiException cause = assertInstanceOf(ApiException.class, refused.getCause());
    assertEquals(422, cause.status().intValue());
    assertEquals(ApiError.IDEMPOTENCY_KEY_REUSED, cause.error().error());
    assertEquals(1, commands.get());
  }

  @Test
  void failuresAreNotStoredSoARetryRunsAgain() throws Exception {
    CompletionStage<HttpResponse> failed = cache.execute("key", "a",
        () -> CompletableFuture.failedFuture(new TimeoutException("ask timed out")));
    assertThrows(ExecutionException.class, () -> failed.toCompletableFuture().get());
    run("key", "a");
    assertEquals(1, commands.get());
    assertEquals(1, cache.size());
  }

  @Test
  void entriesExpireAfterTheTtl() throws Exception {
    run("key", "a");
    clock.advance(Duration.ofHours(25));
    run("key", "b");
    assertEquals(2, commands.get());
  }

  @Test
  void theOldestEntriesGoFirstWhenFull() throws Exception {
    for (String key : new String[] {"k1", "k2", "k3", "k4"}) {
      run(key, "a");
    }
    assertEquals(3, cache.size());
    run("k1", "a");
    assertEquals(5, commands.get(), "k1 was dropped to make room, so it ran again");
    run("k4", "a");
    assertEquals(5, commands.get());
  }

  @Test
  void fingerprintsDependOnMethodPathAndBody() {
    String base = IdempotencyCache.fingerprint("POST", "/a", "{}");
    assertEquals(base, IdempotencyCache.fingerprint("POST", "/a", "{}"));
    assertEquals(false, base.equals(IdempotencyCache.fingerprint("POST", "/b", "{}")));
    assertEquals(false, base.equals(IdempotencyCache.fingerprint("POST", "/a", "{\"x\":1}")));
  }

  @Test
  void emptyOrHugeKeysAreInvalid() {
    assertSame(ApiException.class, assertThrows(ApiException.class, () -> run("", "a")).getClass());
    assertThrows(ApiException.class, () -> run("k".repeat(256), "a"));
  }

  private HttpResponse run(String key, String body) throws Exception {
    return cache.execute(key, IdempotencyCache.fingerprint("POST", "/p", body), this::command)
        .toCompletableFuture().get();
  }

  private CompletionStage<HttpResponse> command() {
    commands.incrementAndGet();
    return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.ACCEPTED));
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
