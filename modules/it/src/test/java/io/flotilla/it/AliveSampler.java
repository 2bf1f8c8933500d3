package io.flotilla.it;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.local.LocalCloud;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Watches a service's environments in the cloud every 50 ms and remembers the most that were ever alive at once. */
final class AliveSampler implements AutoCloseable {
  private static final Placement LOCAL = new Placement("local", "local");
  private final AtomicInteger most = new AtomicInteger();
  private final Thread thread;

  private AliveSampler(LocalCloud cloud, String service, Predicate<EnvironmentInfo> which) {
    thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        long alive = cloud.scan(LOCAL).toCompletableFuture().join().environmentsOf(service).stream()
            .filter(which).count();
        most.accumulateAndGet((int) alive, Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "alive-sampler-" + service);
    thread.setDaemon(true);
  }

  static AliveSampler start(LocalCloud cloud, String service, Predicate<EnvironmentInfo> which) {
    AliveSampler sampler = new AliveSampler(cloud, service, which);
    sampler.thread.start();
    return sampler;
  }

  int most() {
    return most.get();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
