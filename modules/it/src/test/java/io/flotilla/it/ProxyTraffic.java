package io.flotilla.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Sends real requests through an endpoint's proxy and counts which version answered each. */
final class ProxyTraffic {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ProxyTraffic() {}

  /** Sends {@code count} requests, {@code parallel} at a time; returns answers per version ("none" for errors). */
  static Map<String, Integer> versions(String url, int count, int parallel) {
    Map<String, Integer> counts = new TreeMap<>();
    int sent = 0;
    while (sent < count) {
      List<CompletableFuture<HttpResponse<Void>>> batch = new ArrayList<>();
      for (int i = 0; i < parallel && sent < count; i++, sent++) {
        batch.add(HTTP.sendAsync(request(url), HttpResponse.BodyHandlers.discarding()));
      }
      for (CompletableFuture<HttpResponse<Void>> future : batch) {
        counts.merge(versionOf(future.join()), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** One request; the version that answered, or "none". */
  static String one(String url) {
    try {
      return versionOf(HTTP.send(request(url), HttpResponse.BodyHandlers.discarding()));
    } catch (IOException e) {
      return "none";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url + "/hello")).timeout(Duration.ofSeconds(10)).GET().build();
  }

  private static String versionOf(HttpResponse<Void> response) {
    return response.headers().firstValue("X-Flotilla-Version").orElse("none");
  }
}
