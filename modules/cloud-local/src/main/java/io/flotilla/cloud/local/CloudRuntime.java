package io.flotilla.cloud.local;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads and the HTTP client one local cloud shares among all its instances, proxies and port calls, so that
 * hundreds of instances cost no more pools than one. All threads are daemons: a cloud that is never closed does not
 * keep the JVM alive. (Each JDK {@link HttpServer} still runs its own dispatcher thread; it inherits the daemon flag
 * of the thread that starts it, which is why servers are started on these threads.)
 */
final class CloudRuntime implements AutoCloseable {
  static {
    preferNoDelay();
  }

  private final LocalCloudConfig config;
  private final ExecutorService workers;
  private final ExecutorService operations;
  private final ScheduledExecutorService scheduler;
  private final HttpClient http;

  CloudRuntime(LocalCloudConfig config) {
    this.config = config;
    int cores = Runtime.getRuntime().availableProcessors();
    this.workers = Executors.newFixedThreadPool(Math.max(16, 4 * cores), daemons("flotilla-local-http"));
    this.operations = Executors.newFixedThreadPool(Math.max(2, cores), daemons("flotilla-local-ops"));
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemons("flotilla-local-timer"));
    timers.setRemoveOnCancelPolicy(true);
    this.scheduler = timers;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(workers)
        .build();
  }

  /**
   * The JDK server writes headers and body separately and leaves Nagle's algorithm on by default, so each small
   * response waits out the client's delayed ACK (about 40 ms). The switch is read once per JVM, when the first JDK
   * HTTP server is created; a value set explicitly is left alone.
   */
  static void preferNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  LocalCloudConfig config() {
    return config;
  }

  Clock clock() {
    return config.clock();
  }

  /** Runs HTTP handlers and HTTP client callbacks; nothing on it blocks for long. */
  ExecutorService workers() {
    return workers;
  }

  /** Runs port calls. */
  ExecutorService operations() {
    return operations;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  HttpClient http() {
    return http;
  }

  /** Binds a server on the configured host ({@code port} 0: ephemeral) and starts it on the shared workers. */
  HttpServer startServer(int port, HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(config.bindHost(), port), 256);
    server.createContext("/", handler);
    server.setExecutor(workers);
    server.start();
    return server;
  }

  /** Stops taking port calls and lets those under way finish, so none starts a server after the cloud closed. */
  void quiesce() {
    operations.shutdown();
    try {
      operations.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    operations.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
      operations.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
