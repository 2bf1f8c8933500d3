package io.flotilla.server;

import io.flotilla.engine.Endpoints;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.StatusView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Background traffic for the embedded default: a steady rate of real requests to every endpoint's proxy, so
 * traffic splits and per-version metrics move while a user watches. Endpoint URLs are looked up from the entities.
 */
final class TrafficGenerator implements AutoCloseable {
  private final Endpoints endpoints;
  private final List<String> services;
  private final int perSecond;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "flotilla-dev-traffic");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, String> urls = new ConcurrentHashMap<>();

  TrafficGenerator(Endpoints endpoints, List<String> services, int perSecond) {
    this.endpoints = endpoints;
    this.services = List.copyOf(services);
    this.perSecond = perSecond;
  }

  /** Starts sending; {@code onNewUrl} is told the first time an endpoint's URL is known. */
  void start(BiConsumer<String, String> onNewUrl) {
    scheduler.scheduleWithFixedDelay(() -> refreshUrls(onNewUrl), 0, 2, TimeUnit.SECONDS);
    if (perSecond > 0) {
      scheduler.scheduleAtFixedRate(this::sendOneRound, 1000, 1000 / perSecond, TimeUnit.MILLISECONDS);
    }
  }

  private void refreshUrls(BiConsumer<String, String> onNewUrl) {
    for (String service : services) {
      endpoints.ask(service, EndpointCommand.GetStatus::new).thenAccept(reply -> {
        if (reply instanceof StatusView status && status.endpointUrl() != null) {
          String previous = urls.put(service, status.endpointUrl());
          if (!status.endpointUrl().equals(previous)) {
            onNewUrl.accept(service, status.endpointUrl());
          }
        }
      });
    }
  }

  private void sendOneRound() {
    urls.values().forEach(url -> client.sendAsync(
        HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.discarding()));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
