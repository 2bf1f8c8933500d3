package io.flotilla.it;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.local.LocalCloud;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Watches every environment in the local cloud every 100 ms (read directly: no port call, no injected fault) and remembers, for each (service, version), the most
 * that were ever alive at once: a version that ever had two environments shows up with 2.
 */
final class PeakVersionSampler implements AutoCloseable {
  private static final Placement LOCAL = new Placement("local", "local");
  private final Map<String, Integer> most = new ConcurrentHashMap<>();
  private final Thread thread;

  private PeakVersionSampler(LocalCloud cloud) {
    thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        count(cloud).forEach((key, alive) -> most.merge(key, alive, Math::max));
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "version-sampler");
    thread.setDaemon(true);
  }

  static PeakVersionSampler start(LocalCloud cloud) {
    PeakVersionSampler sampler = new PeakVersionSampler(cloud);
    sampler.thread.start();
    return sampler;
  }

  /** Environments per {@code service/version} in the cloud now. */
  static Map<String, Integer> count(LocalCloud cloud) {
    return cloud.environmentsNow(LOCAL).stream()
        .collect(Collectors.groupingBy(env -> env.service() + "/" + env.version(), TreeMap::new,
            Collectors.reducing(0, (Function<EnvironmentInfo, Integer>) env -> 1, Integer::sum)));
  }

  /** Every (service/version) that ever had more than one environment at once, with that number. */
  Map<String, Integer> duplicated() {
    return most.entrySet().stream().filter(entry -> entry.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  int versionsSeen() {
    return most.size();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
