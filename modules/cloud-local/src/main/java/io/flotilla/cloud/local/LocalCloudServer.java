package io.flotilla.cloud.local;

import com.sun.net.httpserver.HttpServer;
import io.flotilla.model.DurationText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves one {@link LocalCloud} over a JSON control API on loopback, so that several Flotilla nodes in other
 * processes can share it through {@link RemoteLocalCloud}. Routes (path segments URL-encoded):
 *
 * <pre>
 * POST   /environments                                   EnvironmentRequest -> EnvironmentInfo
 * GET    /environments/{account}/{region}/{id}           -> EnvironmentInfo, 404 when missing
 * DELETE /environments/{account}/{region}/{id}           -> 204
 * PUT    /endpoints/{account}/{region}/{service}         EndpointAddress -> EndpointInfo (ensure)
 * DELETE /endpoints/{account}/{region}/{service}         -> 204
 * PUT    /endpoints/{account}/{region}/{service}/weights TrafficSplit -> TrafficSplit (read back)
 * GET    /endpoints/{account}/{region}/{service}/weights -> TrafficSplit
 * PUT    /endpoints/{account}/{region}/{service}/preview {"environmentId"} -> {"url"}
 * DELETE /endpoints/{account}/{region}/{service}/preview -> 204
 * GET    /inventory?account=..&amp;region=..                 -> Inventory
 * POST   /metrics                                        {endpoint, environmentIds, from, to} -> {id: EnvironmentMetrics}
 * GET    /calls                                          -> {operation: count}
 * GET    /traffic/{service}/{environmentId}              -> {requests, errors, unrouted}
 * GET    /instances/{environmentId}                      -> [url]
 * POST   /faults/kill-instance | delete-environment | set-weights | stray | fail-next | slow-next | random | clear
 * PUT    /faults/versions/{version}                      catalog entry, e.g. {"errorRate": 0.5}; DELETE restores
 * GET    /versions/{version}                             -> the version's current behaviour
 * GET    /health
 * </pre>
 *
 * Errors are {@code {"error", "message", "retryable"}}: 503 for a retryable cloud failure, 409 for a rejected call,
 * 400 for a bad request.
 */
public final class LocalCloudServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private LocalCloudServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Serves {@code cloud} on {@code host:port} (port 0: ephemeral). Closing the server leaves the cloud running. */
  public static LocalCloudServer start(LocalCloud cloud, String host, int port) throws IOException {
    CloudRuntime.preferNoDelay();
    ExecutorService executor = Executors.newFixedThreadPool(8, task -> {
      Thread thread = new Thread(task, "flotilla-local-control");
      thread.setDaemon(true);
      return thread;
    });
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.createContext("/", new ControlRoutes(cloud).router());
    server.setExecutor(executor);
    server.start();
    return new LocalCloudServer(server, executor);
  }

  public static LocalCloudServer start(LocalCloud cloud, int port) throws IOException {
    return start(cloud, LocalCloudConfig.LOOPBACK, port);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * {@code LocalCloudServer [--host H] [--port N] [--catalog FILE] [--health-interval 1s]}: runs until killed. The
   * control API listens on loopback unless {@code --host} says otherwise (0.0.0.0 in a container, for nodes in other
   * containers); the cloud's instances and proxies stay on loopback.
   */
  public static void main(String[] args) throws Exception {
    LocalCloudConfig config = LocalCloudConfig.defaults();
    int port = 7070;
    String host = LocalCloudConfig.LOOPBACK;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = required(args[i], value);
        case "--port" -> port = Integer.parseInt(required(args[i], value));
        case "--catalog" -> config = config.withCatalog(DemoCatalog.load(Path.of(required(args[i], value))));
        case "--health-interval" ->
            config = config.withHealthCheckInterval(DurationText.parse(required(args[i], value)));
        default -> {
          System.err.println("usage: LocalCloudServer [--host H] [--port N] [--catalog FILE] [--health-interval 1s]");
          System.exit(2);
        }
      }
      i++;
    }
    LocalCloud cloud = LocalCloud.start(config);
    LocalCloudServer server = start(cloud, host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      cloud.close();
      stopped.countDown();
    }, "flotilla-local-shutdown"));
    System.out.println("local cloud control API on " + server.url());
    stopped.await();
  }

  private static String required(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
