package io.flotilla.cloud.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The demo image's request handling for one instance. The health path answers 200 once the startup time has passed
 * (503 before, and always for an unhealthy version); anything else answers the instance's identity as JSON after a
 * latency drawn from the version's distribution, or 500 with the version's error probability. Delayed answers are
 * written from a timer rather than a sleeping thread, so slow versions cost no threads.
 */
final class DemoHandler implements HttpHandler {
  static final String VERSION_HEADER = "X-Flotilla-Version";
  static final String ENVIRONMENT_HEADER = "X-Flotilla-Environment";

  private static final byte[] UP = "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] STARTING = "{\"status\":\"starting\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BROKEN = "{\"status\":\"unhealthy\"}".getBytes(StandardCharsets.UTF_8);

  private final CloudRuntime runtime;
  private final DemoImage image;
  private final String version;
  private final String environmentId;
  private final String healthPath;
  private final Instant readyAt;
  private final byte[] identity;
  private final byte[] failure;

  DemoHandler(CloudRuntime runtime, DemoImage image, InstanceIdentity id, Instant readyAt) {
    this.runtime = runtime;
    this.image = image;
    this.version = id.version();
    this.environmentId = id.environmentId();
    this.healthPath = id.healthPath();
    this.readyAt = readyAt;
    this.identity = id.toJson(null);
    this.failure = id.toJson("simulated failure");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
    }
    VersionBehavior behavior = image.behaviorOf(version);
    if (exchange.getRequestURI().getPath().equals(healthPath)) {
      boolean started = !runtime.clock().instant().isBefore(readyAt);
      if (!behavior.healthy()) {
        respond(exchange, 503, BROKEN);
      } else {
        respond(exchange, started ? 200 : 503, started ? UP : STARTING);
      }
      return;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long delayMicros = Math.round(behavior.latency().sampleMillis(random) * 1000);
    boolean fails = random.nextDouble() < behavior.errorRate();
    Runnable reply = () -> respond(exchange, fails ? 500 : 200, fails ? failure : identity);
    if (delayMicros <= 0) {
      reply.run();
      return;
    }
    try {
      runtime.scheduler().schedule(() -> runtime.workers().execute(reply), delayMicros, TimeUnit.MICROSECONDS);
    } catch (RejectedExecutionException closed) {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange, int status, byte[] body) {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set(VERSION_HEADER, version);
      exchange.getResponseHeaders().set(ENVIRONMENT_HEADER, environmentId);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException | RuntimeException clientGone) {
      // The caller hung up or the instance was stopped meanwhile: nothing to answer.
    }
  }
}
