package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: the node's JVM memory and every {@link MetricsSource}, in the Prometheus text format. */
final class MetricsRoutes {
  private final List<MetricsSource> sources;

  MetricsRoutes(List<MetricsSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** The route, for any principal {@code access} authenticates. */
  Route route(Access access) {
    return path("metrics", () -> access.authenticated(principal -> get(() -> {
      StringBuilder out = new StringBuilder();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      out.append("# HELP flotilla_jvm_heap_used_bytes Heap in use.\n# TYPE flotilla_jvm_heap_used_bytes gauge\n")
          .append("flotilla_jvm_heap_used_bytes ").append(memory.getHeapMemoryUsage().getUsed()).append('\n');
      sources.forEach(source -> source.write(out));
      return complete(HttpResponse.create().withStatus(StatusCodes.OK)
          .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, out.toString())));
    })));
  }
}
