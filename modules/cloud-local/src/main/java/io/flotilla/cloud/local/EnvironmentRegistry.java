package io.flotilla.cloud.local;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Placement;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The environments of a local cloud, by placement and id. Create and delete are idempotent. */
final class EnvironmentRegistry {
  private record Key(Placement placement, String id) {}

  private final DemoImage image;
  private final ConcurrentMap<Key, LocalEnvironment> environments = new ConcurrentHashMap<>();

  EnvironmentRegistry(DemoImage image) {
    this.image = image;
  }

  /** Starts the environment, or returns the existing one with that id in that placement unchanged. */
  synchronized EnvironmentInfo create(EnvironmentRequest request) {
    validate(request);
    Key key = new Key(request.placement(), request.environmentId());
    LocalEnvironment existing = environments.get(key);
    if (existing != null) {
      if (existing.deleting()) {
        throw new CloudException("environment " + key.id() + " is being deleted; try again", true);
      }
      return existing.info();
    }
    LocalEnvironment environment = new LocalEnvironment(request, image);
    environment.start();
    environments.put(key, environment);
    return environment.info();
  }

  Optional<EnvironmentInfo> describe(Placement placement, String id) {
    return find(placement, id).map(LocalEnvironment::info);
  }

  /** Stops the instances and forgets the environment; a missing one is fine. */
  void delete(Placement placement, String id) {
    Key key = new Key(placement, id);
    LocalEnvironment environment = environments.get(key);
    if (environment == null) {
      return;
    }
    environment.tearDown();
    environments.remove(key, environment);
  }

  Optional<LocalEnvironment> find(Placement placement, String id) {
    return Optional.ofNullable(environments.get(new Key(placement, id)));
  }

  /** Finds an environment by id alone (fault injection names environments without a placement). */
  Optional<LocalEnvironment> findAnywhere(String id) {
    return environments.values().stream().filter(environment -> environment.id().equals(id)).findFirst();
  }

  List<LocalEnvironment> in(Placement placement) {
    return environments.values().stream().filter(environment -> environment.placement().equals(placement)).toList();
  }

  Collection<LocalEnvironment> all() {
    return environments.values();
  }

  void closeAll() {
    environments.values().forEach(LocalEnvironment::tearDown);
    environments.clear();
  }

  private static void validate(EnvironmentRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.environmentId() == null || request.environmentId().isBlank()) {
      throw new IllegalArgumentException("environmentId is required");
    }
    if (request.placement() == null) {
      throw new IllegalArgumentException("placement is required");
    }
    if (request.service() == null || request.version() == null) {
      throw new IllegalArgumentException("service and version are required");
    }
  }
}
