package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What bulk release tests read back through the API: a bulk's items (every page), the endpoint events of the
 * releases it caused (from each service's journal), and the most releases that ever ran at once.
 */
final class BulkChecks {
  private static final Set<String> RELEASE_ENDS = Set.of("ReleasePromoted", "ReleaseRolledBack", "ReleaseFailed",
      "ReleaseAborted");

  private BulkChecks() {}

  /** One item as {@code GET /api/v1/releases/{id}} shows it. */
  record Item(int index, String service, String version, String state, String releaseId, String answer,
      Instant startedAt, Instant endedAt) {}

  /** One endpoint release a bulk item caused: when the endpoint recorded its request and its end (null: running). */
  record Release(String service, String releaseId, String requestId, Instant requestedAt, Instant endedAt) {}

  /** A time span; {@code end} null means it has not ended. */
  record Span(Instant start, Instant end) {}

  /** Every item of the bulk, following the pages. */
  static List<Item> items(ApiClient api, String bulkId) {
    List<Item> items = new ArrayList<>();
    int offset = 0;
    while (true) {
      ApiClient.Response response = api.get("/api/v1/releases/" + bulkId + "?limit=500&offset=" + offset);
      if (response.status() != 200) {
        throw new AssertionError("bulk " + bulkId + ": " + response.status() + " " + response.text());
      }
      for (JsonNode item : response.body().path("items")) {
        items.add(new Item(item.path("index").asInt(), item.path("service").asText(), item.path("version").asText(),
            item.path("state").asText(), item.path("releaseId").asText(null), item.path("answer").asText(null),
            instant(item.path("startedAt")), instant(item.path("endedAt"))));
      }
      JsonNode next = response.body().path("next");
      if (next.isMissingNode() || next.isNull()) {
        return items;
      }
      offset = next.asInt();
    }
  }

  /**
   * The releases of {@code service} that bulk {@code bulkId} caused, from the service's own event journal: every
   * {@code ReleaseRequested} carrying one of the bulk's request ids (two would be an item started twice), with the
   * time the release ended (null while it runs).
   */
  static List<Release> releases(ApiClient api, String service, String bulkId) {
    ApiClient.Response response = api.get("/api/v1/events?service=" + service + "&limit=1000");
    if (response.status() != 200) {
      throw new AssertionError("events of " + service + ": " + response.status() + " " + response.text());
    }
    List<Release> requested = new ArrayList<>();
    Map<String, Instant> ends = new HashMap<>();
    for (JsonNode event : response.body().path("events")) {
      String type = event.path("type").asText();
      JsonNode data = event.path("data");
      if (type.equals("ReleaseRequested") && data.path("requestId").asText("").startsWith(bulkId + "/")) {
        requested.add(new Release(service, data.path("release").path("id").asText(), data.path("requestId").asText(),
            instant(event.path("at")), null));
      } else if (RELEASE_ENDS.contains(type)) {
        ends.put(data.path("releaseId").asText(), instant(event.path("at")));
      }
    }
    return requested.stream().map(release -> new Release(release.service(), release.releaseId(),
        release.requestId(), release.requestedAt(), ends.get(release.releaseId()))).toList();
  }

  /** Every {@code ReleaseRequested} of the services, whoever asked (a service the bulk skipped must have none). */
  static long releasesRequested(ApiClient api, String service) {
    ApiClient.Response response = api.get("/api/v1/events?service=" + service + "&limit=1000");
    long count = 0;
    for (JsonNode event : response.body().path("events")) {
      if (event.path("type").asText().equals("ReleaseRequested")) {
        count++;
      }
    }
    return count;
  }

  /** The most spans open at one moment; a span ending at the instant another starts does not overlap it. */
  static int mostAtOnce(List<Span> spans) {
    record Edge(Instant at, int delta) {}
    List<Edge> edges = new ArrayList<>();
    for (Span span : spans) {
      edges.add(new Edge(span.start(), 1));
      edges.add(new Edge(span.end() == null ? Instant.MAX : span.end(), -1));
    }
    edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::delta));
    int open = 0;
    int most = 0;
    for (Edge edge : edges) {
      open += edge.delta();
      most = Math.max(most, open);
    }
    return most;
  }

  /** Open file descriptors of this process (Linux), or -1. */
  static long openFiles() {
    java.io.File[] fds = new java.io.File("/proc/self/fd").listFiles();
    return fds == null ? -1 : fds.length;
  }

  private static Instant instant(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asText());
  }
}
