package io.flotilla.cloud.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The built-in demo image: starts instances and says how each version behaves, from the catalog unless a test has
 * overridden the version at runtime. Behaviour is looked up on every request, so an override applies at once (only
 * the startup time is fixed when an instance starts).
 */
final class DemoImage {
  private final CloudRuntime runtime;
  private final DemoCatalog catalog;
  private final Map<String, VersionBehavior> overrides = new ConcurrentHashMap<>();

  DemoImage(CloudRuntime runtime) {
    this.runtime = runtime;
    this.catalog = runtime.config().catalog();
  }

  VersionBehavior behaviorOf(String version) {
    VersionBehavior override = overrides.get(version);
    return override != null ? override : catalog.behaviorOf(version);
  }

  void override(String version, VersionBehavior behavior) {
    overrides.put(version, behavior);
  }

  void clearOverride(String version) {
    overrides.remove(version);
  }

  /** Starts an instance on an ephemeral port; {@code onCrash} runs if the version's {@code crashAfter} kills it. */
  DemoInstance start(InstanceIdentity identity, Runnable onCrash) {
    VersionBehavior behavior = behaviorOf(identity.version());
    Instant readyAt = runtime.clock().instant().plus(behavior.startup());
    HttpServer server;
    try {
      server = runtime.startServer(0, new DemoHandler(runtime, this, identity, readyAt));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start an instance of " + identity.environmentId(), e);
    }
    DemoInstance instance = new DemoInstance(identity, server);
    if (!behavior.crashAfter().isZero()) {
      instance.crashLater(runtime.scheduler().schedule(() -> runtime.operations().execute(() -> {
        instance.terminate();
        onCrash.run();
      }), behavior.crashAfter().toMillis(), TimeUnit.MILLISECONDS));
    }
    return instance;
  }
}
