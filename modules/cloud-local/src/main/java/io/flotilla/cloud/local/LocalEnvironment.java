package io.flotilla.cloud.local;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.model.HealthCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One environment, kept like an auto-scaling group: {@code minInstances} demo instances in numbered slots; a
 * terminated instance is replaced by a fresh one (new port, startup again) after the health checker has seen it
 * fail. Status: STARTING until enough instances pass health checks for the first time, then HEALTHY or UNHEALTHY,
 * DELETING while being torn down.
 */
final class LocalEnvironment {
  private final EnvironmentRequest request;
  private final Map<String, String> tags;
  private final DemoImage image;
  private final int minInstances;
  private final HealthCheck healthCheck;
  private final List<DemoInstance> slots = new ArrayList<>();
  private final AtomicInteger cursor = new AtomicInteger();
  private final AtomicBoolean probing = new AtomicBoolean();
  private int nextNumber = 1;
  private EnvironmentStatus status = EnvironmentStatus.STARTING;
  private volatile List<DemoInstance> routable = List.of();

  LocalEnvironment(EnvironmentRequest request, DemoImage image) {
    this.request = request;
    this.image = image;
    this.minInstances = request.runtime() == null ? 1 : Math.max(0, request.runtime().minInstances());
    HealthCheck check = request.runtime() == null ? null : request.runtime().healthCheck();
    this.healthCheck = check == null ? HealthCheck.DEFAULT : check;
    Map<String, String> all = new HashMap<>(request.tags());
    all.putIfAbsent(Tags.SERVICE, request.service());
    all.putIfAbsent(Tags.VERSION, request.version());
    all.putIfAbsent(Tags.REVISION, Integer.toString(request.revision()));
    all.putIfAbsent(Tags.ENV_ID, request.environmentId());
    all.values().removeIf(value -> value == null);
    this.tags = Map.copyOf(all);
  }

  String id() {
    return request.environmentId();
  }

  Placement placement() {
    return request.placement();
  }

  String version() {
    return request.version();
  }

  HealthCheck healthCheck() {
    return healthCheck;
  }

  /** Starts the first instances; a failure stops those already started. */
  synchronized void start() {
    try {
      while (slots.size() < minInstances) {
        slots.add(launch());
      }
    } catch (RuntimeException e) {
      slots.forEach(DemoInstance::terminate);
      slots.clear();
      throw e;
    }
  }

  synchronized EnvironmentInfo info() {
    int live = (int) slots.stream().filter(instance -> !instance.terminated()).count();
    return new EnvironmentInfo(id(), placement(), status, live, healthyCount(), tags);
  }

  synchronized List<DemoInstance> instances() {
    return List.copyOf(slots);
  }

  /** The next healthy instance, round robin; null when none is healthy. */
  DemoInstance nextRoutable() {
    List<DemoInstance> healthy = routable;
    if (healthy.isEmpty()) {
      return null;
    }
    return healthy.get(Math.floorMod(cursor.getAndIncrement(), healthy.size()));
  }

  /** Claims the next health-check round; false while the previous one is still running. */
  boolean beginRound() {
    return probing.compareAndSet(false, true);
  }

  void abandonRound() {
    probing.set(false);
  }

  /** Ends a health-check round: replaces what died, then re-evaluates health. */
  synchronized void endRound() {
    try {
      if (status != EnvironmentStatus.DELETING) {
        for (int i = 0; i < slots.size(); i++) {
          if (slots.get(i).terminated()) {
            slots.set(i, launch());
          }
        }
      }
      refresh();
    } finally {
      probing.set(false);
    }
  }

  /** Terminates the instance in slot {@code index} (a fault); the next health round replaces it. */
  synchronized void kill(int index) {
    if (index < 0 || index >= slots.size()) {
      throw new IllegalArgumentException(id() + " has no instance " + index + " (it has " + slots.size() + ")");
    }
    slots.get(index).terminate();
    refresh();
  }

  synchronized boolean deleting() {
    return status == EnvironmentStatus.DELETING;
  }

  /** Marks the environment DELETING and stops every instance. */
  void tearDown() {
    List<DemoInstance> stopping;
    synchronized (this) {
      status = EnvironmentStatus.DELETING;
      routable = List.of();
      stopping = List.copyOf(slots);
    }
    stopping.forEach(DemoInstance::terminate);
  }

  synchronized void refresh() {
    if (status == EnvironmentStatus.DELETING) {
      return;
    }
    routable = slots.stream().filter(DemoInstance::healthy).toList();
    boolean enough = routable.size() >= minInstances;
    if (enough) {
      status = EnvironmentStatus.HEALTHY;
    } else if (status == EnvironmentStatus.HEALTHY) {
      status = EnvironmentStatus.UNHEALTHY;
    }
  }

  private int healthyCount() {
    return (int) slots.stream().filter(DemoInstance::healthy).count();
  }

  private DemoInstance launch() {
    String path = healthCheck.path() == null || healthCheck.path().isBlank() ? "/health" : healthCheck.path();
    InstanceIdentity identity = new InstanceIdentity(request.service(), version(), id(), nextNumber++, path);
    return image.start(identity, this::refresh);
  }
}
