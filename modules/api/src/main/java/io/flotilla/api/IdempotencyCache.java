package io.flotilla.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Responses of mutating calls by {@code Idempotency-Key} (DESIGN §9), so a client that retries gets the first
 * answer instead of a second command. The same key with the same request (method, path and body) replays the stored
 * response, marked {@code Idempotent-Replayed: true}, also while the first is still in flight; the same key with a
 * different request is refused (an {@link ApiException}, 422). Failures (timeouts, unavailable) are not stored:
 * their outcome is unknown, and retrying them is what the key is for.
 *
 * <p>This cache is per node, in memory, bounded ({@code maxEntries}, oldest dropped first) and expires entries after
 * {@code ttl} (24 h by default): a retry that reaches another node, or comes after a restart, runs the command again.
 * For releases and rollbacks the endpoint closes that gap: the key becomes the command's request id
 * ({@link ReleaseRoutes#requestIdOf}), which the endpoint remembers; the other actions are idempotent in the entity.
 */
public final class IdempotencyCache {
  static final String REPLAYED_HEADER = "Idempotent-Replayed";
  static final int MAX_KEY_LENGTH = 255;

  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  // insertion order: the first entry is the oldest, so expiry and eviction both take from the front
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  private record Entry(String fingerprint, CompletableFuture<HttpResponse> response, Instant storedAt) {}

  public IdempotencyCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** A digest of what makes two requests the same request. */
  static String fingerprint(String method, String path, String body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      digest.update(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * The response to the request with {@code key} and {@code fingerprint}: the stored one, a 422 when the key was
   * used for another request, or the one {@code command} produces (run at most once per key while stored).
   */
  public CompletionStage<HttpResponse> execute(String key, String fingerprint,
      Supplier<CompletionStage<HttpResponse>> command) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw ApiException.invalid("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    CompletableFuture<HttpResponse> mine = new CompletableFuture<>();
    Entry existing;
    synchronized (entries) {
      Instant now = clock.instant();
      expire(now);
      existing = entries.get(key);
      if (existing == null) {
        entries.put(key, new Entry(fingerprint, mine, now));
        while (entries.size() > maxEntries) {
          Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
          oldest.next();
          oldest.remove();
        }
      }
    }
    if (existing != null) {
      if (!existing.fingerprint().equals(fingerprint)) {
        return CompletableFuture.failedFuture(new ApiException(StatusCodes.UNPROCESSABLE_ENTITY,
            ApiError.of(ApiError.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key '" + shorten(key)
                + "' was already used for a different request")));
      }
      return existing.response().thenApply(response -> response.addHeader(RawHeader.create(REPLAYED_HEADER, "true")));
    }
    CompletionStage<HttpResponse> running;
    try {
      running = command.get();
    } catch (RuntimeException e) {
      forget(key, mine);
      throw e;
    }
    running.whenComplete((response, failure) -> {
      if (failure != null) {
        forget(key, mine);
        mine.completeExceptionally(failure);
      } else {
        mine.complete(response);
      }
    });
    return mine;
  }

  /** Number of stored keys (in flight or answered). */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private void forget(String key, CompletableFuture<HttpResponse> response) {
    synchronized (entries) {
      Entry current = entries.get(key);
      if (current != null && current.response() == response) {
        entries.remove(key);
      }
    }
  }

  private static String shorten(String key) {
    return key.length() <= 64 ? key : key.substring(0, 64) + "...";
  }

  private void expire(Instant now) {
    Iterator<Entry> oldestFirst = entries.values().iterator();
    while (oldestFirst.hasNext()) {
      Entry entry = oldestFirst.next();
      if (entry.storedAt().plus(ttl).isAfter(now)) {
        return;
      }
      oldestFirst.remove();
    }
  }
}
