package io.flotilla.it;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.local.LocalCloud;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Reads the whole local cloud's inventory every {@code periodMillis} and remembers every moment a (service, version)
 * had more than one environment alive, with their ids: one version never has two environments.
 */
final class VersionSampler implements AutoCloseable {
  private static final Placement LOCAL = new Placement("local", "local");
  private final Thread thread;
  private final List<String> duplicates = new CopyOnWriteArrayList<>();
  private final AtomicInteger scans = new AtomicInteger();
  private final AtomicInteger mostEnvironments = new AtomicInteger();

  private VersionSampler(LocalCloud cloud, long periodMillis) {
    thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        check(cloud.scan(LOCAL).toCompletableFuture().join().environments());
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "version-sampler");
    thread.setDaemon(true);
  }

  static VersionSampler start(LocalCloud cloud, long periodMillis) {
    VersionSampler sampler = new VersionSampler(cloud, periodMillis);
    sampler.thread.start();
    return sampler;
  }

  /** Also usable once, at the end, on the final inventory. */
  void check(List<EnvironmentInfo> environments) {
    scans.incrementAndGet();
    mostEnvironments.accumulateAndGet(environments.size(), Math::max);
    Map<String, List<String>> byVersion = environments.stream().collect(Collectors.groupingBy(
        env -> env.service() + " " + env.version(),
        Collectors.mapping(EnvironmentInfo::environmentId, Collectors.toList())));
    byVersion.forEach((version, ids) -> {
      if (ids.size() > 1 && duplicates.size() < 100) {
        duplicates.add(version + ": " + ids);
      }
    });
  }

  /** Every (service, version) seen with more than one environment, with the ids (at most 100 records). */
  List<String> duplicates() {
    return new ArrayList<>(duplicates);
  }

  int scans() {
    return scans.get();
  }

  int mostEnvironments() {
    return mostEnvironments.get();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
