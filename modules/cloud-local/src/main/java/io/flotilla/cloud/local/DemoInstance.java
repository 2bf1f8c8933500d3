package io.flotilla.cloud.local;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.concurrent.ScheduledFuture;

/**
 * One running instance of the demo image: an HTTP server on its own loopback port, and the health state the health
 * checker keeps for it (consecutive passes; healthy once they reach the threshold, unhealthy on the first failure).
 */
final class DemoInstance {
  private final InstanceIdentity identity;
  private final HttpServer server;
  private final URI uri;
  private volatile ScheduledFuture<?> crash;
  private volatile boolean terminated;
  private volatile boolean healthy;
  private int passes;

  DemoInstance(InstanceIdentity identity, HttpServer server) {
    this.identity = identity;
    this.server = server;
    this.uri = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  int number() {
    return identity.number();
  }

  URI uri() {
    return uri;
  }

  String healthPath() {
    return identity.healthPath();
  }

  boolean healthy() {
    return healthy && !terminated;
  }

  boolean terminated() {
    return terminated;
  }

  void crashLater(ScheduledFuture<?> crash) {
    this.crash = crash;
  }

  /** Called by the health checker only, one probe at a time per instance. */
  synchronized void recordProbe(boolean passed, int healthyThreshold) {
    passes = passed ? passes + 1 : 0;
    healthy = passes >= healthyThreshold;
  }

  /** Stops the server, as a crash or a terminated VM would; idempotent. */
  void terminate() {
    synchronized (this) {
      if (terminated) {
        return;
      }
      terminated = true;
      healthy = false;
    }
    ScheduledFuture<?> pending = crash;
    if (pending != null) {
      pending.cancel(false);
    }
    server.stop(0);
  }
}
