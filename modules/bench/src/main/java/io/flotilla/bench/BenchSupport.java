package io.flotilla.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** What the benchmarks share: free ports, elapsed time, and forking a node process and waiting until it is ready. */
final class BenchSupport {
  private BenchSupport() {}

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The SHA-256 of a token, in hex, as {@code flotilla.auth} takes it. */
  static String sha256Hex(String text) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** One step of {@link #inParallel}; may throw. */
  interface Step {
    void run(int index) throws Exception;
  }

  /**
   * Runs {@code step} for indexes 0..count-1 on {@code threads} threads and waits for all; every {@code logEvery}
   * done, prints {@code what} done so far and the rate. The first failure is thrown.
   */
  static void inParallel(int count, int threads, int logEvery, String what, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    long started = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        running.add(pool.submit(() -> {
          step.run(index);
          int finished = done.incrementAndGet();
          if (finished % logEvery == 0) {
            System.out.printf("  %s %d/%d (%.0f/s)%n", what, finished, count, finished / seconds(started));
          }
          return null;
        }));
      }
      for (Future<?> future : running) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  /**
   * Forks {@code flotilla-server node --config config} with this JVM's classpath (exec:exec gives it the module's),
   * output to {@code log}, and waits until its {@code /readyz} answers 200 at {@code api}.
   */
  static Process startNode(Path config, Path log, String heap, String api, Duration timeout) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-XX:+UseG1GC", "-cp",
        System.getProperty("java.class.path"), "io.flotilla.server.Main", "node", "--config", config.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long started = System.nanoTime();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the node exited with " + process.exitValue() + "; see " + log);
      }
      if (seconds(started) > timeout.toSeconds()) {
        process.destroyForcibly();
        throw new IllegalStateException("the node was not ready after " + timeout.toSeconds() + " s; see " + log);
      }
      try {
        HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(api + "/readyz"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return process;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
  }
}
