package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Samples every service's status (active release: id, phase, step; queue; desired and applied weights; environments)
 * about every {@code period} from one of the live nodes, and keeps, per service, the longest time it went without
 * any change while a release was active or queued. A sample that fails (its node died, the entity is moving) changes
 * nothing, so time a service spends unreachable counts as time without progress. Two figures: {@code longest} counts
 * every interval, {@code longest stall} does not count a hold that has not ended yet (waiting there is the plan).
 */
final class ProgressMonitor implements AutoCloseable {
  private final Supplier<List<String>> nodes;
  private final Duration period;
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(16, runnable -> {
    Thread thread = new Thread(runnable, "progress-monitor");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, ApiClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();
  private final AtomicInteger turn = new AtomicInteger();
  private final AtomicInteger samples = new AtomicInteger();
  private final AtomicInteger failedSamples = new AtomicInteger();

  /** The longest interval without progress of one service, and what it was doing. */
  record Gap(String service, Duration length, String phase, Instant endedAt) {}

  private static final class Track {
    boolean busy;
    String signature;
    Instant changedAt;
    Instant waitingSince;
    Gap longest;
    Gap longestStall;
  }

  private ProgressMonitor(Supplier<List<String>> nodes, Duration period) {
    this.nodes = nodes;
    this.period = period;
  }

  static ProgressMonitor start(Supplier<List<String>> nodes, List<String> services, Duration period) {
    ProgressMonitor monitor = new ProgressMonitor(nodes, period);
    for (int i = 0; i < services.size(); i++) {
      String service = services.get(i);
      monitor.tracks.put(service, new Track());
      // spread the first samples over one period, so they do not all arrive at once
      monitor.pool.schedule(() -> monitor.sample(service), period.toMillis() * i / services.size(),
          TimeUnit.MILLISECONDS);
    }
    return monitor;
  }

  private void sample(String service) {
    try {
      List<String> live = nodes.get();
      if (!live.isEmpty()) {
        ApiClient api = clients.computeIfAbsent(live.get(Math.floorMod(turn.getAndIncrement(), live.size())),
            ApiClient::new);
        ApiClient.Response response = api.get("/api/v1/services/" + service);
        if (response.status() == 200) {
          samples.incrementAndGet();
          record(service, response.body(), Instant.now());
        } else {
          failedSamples.incrementAndGet();
        }
      }
    } catch (AssertionError | RuntimeException failed) {
      failedSamples.incrementAndGet();
    }
    if (!pool.isShutdown()) {
      pool.schedule(() -> sample(service), period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void record(String service, JsonNode status, Instant now) {
    JsonNode active = status.path("activeRelease");
    boolean busy = active.isObject() || status.path("queuedRelease").isObject();
    String signature = String.join("|", active.path("id").asText(), active.path("phase").asText(),
        active.path("step").asText(), active.path("paused").asText(), status.path("queuedRelease").path("id").asText(),
        status.path("desired").toString(), status.path("applied").toString(), environments(status),
        String.valueOf(status.path("history").size()));
    Track track = tracks.get(service);
    synchronized (track) {
      track.busy = busy;
      if (!busy) {
        track.signature = signature;
        track.changedAt = null;
        return;
      }
      if (track.changedAt == null || !signature.equals(track.signature)) {
        track.signature = signature;
        track.changedAt = now;
        track.waitingSince = now;
        return;
      }
      String phase = active.path("phase").asText("Queued");
      Gap gap = new Gap(service, Duration.between(track.changedAt, now), phase, now);
      if (track.longest == null || gap.length().compareTo(track.longest.length()) > 0) {
        track.longest = gap;
      }
      // a hold that has not ended is the plan, not a stall: the stall clock starts when the hold ends
      Instant holdUntil = active.hasNonNull("holdUntil") ? Instant.parse(active.path("holdUntil").asText()) : null;
      if (phase.equals("Holding") && holdUntil != null) {
        track.waitingSince = holdUntil.isAfter(now) ? now : max(track.waitingSince, holdUntil);
      }
      Gap stall = new Gap(service, Duration.between(track.waitingSince, now), phase, now);
      if (track.longestStall == null || stall.length().compareTo(track.longestStall.length()) > 0) {
        track.longestStall = stall;
      }
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static String environments(JsonNode status) {
    StringBuilder out = new StringBuilder();
    status.path("environments").forEach(env -> out.append(env.path("id").asText()).append('=')
        .append(env.path("state").asText()).append(','));
    return out.toString();
  }

  /** The service that went longest without any change while busy. */
  Gap longest() {
    return tracks.values().stream().map(track -> {
      synchronized (track) {
        return track.longest;
      }
    }).filter(gap -> gap != null).max(Comparator.comparing(Gap::length)).orElse(null);
  }

  /** Each service's longest stall (holds not counted), longest first. */
  List<Gap> longestStalls() {
    return tracks.values().stream().map(track -> {
      synchronized (track) {
        return track.longestStall;
      }
    }).filter(gap -> gap != null).sorted(Comparator.comparing(Gap::length).reversed()).toList();
  }

  /** Services whose last answered sample had a release active or queued. */
  int busyServices() {
    return (int) tracks.values().stream().filter(track -> {
      synchronized (track) {
        return track.busy;
      }
    }).count();
  }

  int samples() {
    return samples.get();
  }

  int failedSamples() {
    return failedSamples.get();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
