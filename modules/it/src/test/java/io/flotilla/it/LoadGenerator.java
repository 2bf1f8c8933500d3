package io.flotilla.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady real traffic through an endpoint's proxy at a fixed rate, as users would send it; remembers when each
 * version answered first and last, and how many requests it served.
 */
final class LoadGenerator implements AutoCloseable {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "load-generator");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();

  private LoadGenerator(String url, int perSecond) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/work")).timeout(Duration.ofSeconds(10)).build();
    long periodMicros = 1_000_000L / perSecond;
    scheduler.scheduleAtFixedRate(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenAccept(response -> {
          String version = response.headers().firstValue("X-Flotilla-Version").orElse("none");
          Instant now = Instant.now();
          firstSeen.putIfAbsent(version, now);
          lastSeen.put(version, now);
          served.computeIfAbsent(version, key -> new AtomicLong()).incrementAndGet();
        }), 0, periodMicros, TimeUnit.MICROSECONDS);
  }

  static LoadGenerator start(String url, int perSecond) {
    return new LoadGenerator(url, perSecond);
  }

  Instant firstSeen(String version) {
    return firstSeen.get(version);
  }

  Instant lastSeen(String version) {
    return lastSeen.get(version);
  }

  long served(String version) {
    AtomicLong count = served.get(version);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
