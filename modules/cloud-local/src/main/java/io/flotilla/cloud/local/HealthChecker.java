package io.flotilla.cloud.local;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every instance of every environment over real HTTP every {@code healthCheckInterval}, asynchronously; an
 * environment's round ends when all its probes have answered, and then the environment replaces dead instances and
 * re-evaluates its status. A round that is still running is not started again.
 */
final class HealthChecker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final CloudRuntime runtime;
  private final Supplier<Collection<LocalEnvironment>> environments;
  private ScheduledFuture<?> schedule;

  HealthChecker(CloudRuntime runtime, Supplier<Collection<LocalEnvironment>> environments) {
    this.runtime = runtime;
    this.environments = environments;
  }

  void start() {
    long interval = runtime.config().healthCheckInterval().toMillis();
    schedule = runtime.scheduler().scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
  }

  private void round() {
    for (LocalEnvironment environment : environments.get()) {
      if (environment.deleting() || !environment.beginRound()) {
        continue;
      }
      try {
        probeAll(environment);
      } catch (RuntimeException e) {
        // A failure here must not cancel the periodic schedule; the next round tries again.
        LOG.warn("health round of {} failed", environment.id(), e);
        environment.abandonRound();
      }
    }
  }

  private void probeAll(LocalEnvironment environment) {
    int threshold = Math.max(1, environment.healthCheck().healthyThreshold());
    List<CompletableFuture<Void>> probes = new ArrayList<>();
    for (DemoInstance instance : environment.instances()) {
      if (!instance.terminated()) {
        probes.add(probe(instance).thenAccept(passed -> instance.recordProbe(passed, threshold)));
      }
    }
    CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .whenCompleteAsync((ignored, failure) -> endRound(environment), runtime.operations());
  }

  private static void endRound(LocalEnvironment environment) {
    try {
      environment.endRound();
    } catch (RuntimeException e) {
      LOG.warn("could not replace an instance of {}; trying again next round", environment.id(), e);
    }
  }

  private CompletableFuture<Boolean> probe(DemoInstance instance) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(instance.uri() + instance.healthPath()))
        .timeout(PROBE_TIMEOUT)
        .GET()
        .build();
    return runtime.http().sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> response.statusCode() >= 200 && response.statusCode() < 400)
        .exceptionally(failure -> false);
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }
}
