package io.flotilla.cli;

import java.util.HashSet;
import java.util.Set;

/**
 * Teaches an {@link EventText} the versions of a service's environments from its status, once per service and for
 * at most {@link #MAX_SERVICES} services, so that lines name versions rather than environment ids.
 */
final class ServiceVersions {
  private static final int MAX_SERVICES = 50;
  private final ApiClient api;
  private final EventText text;
  private final Set<String> learned = new HashSet<>();

  ServiceVersions(ApiClient api, EventText text) {
    this.api = api;
    this.text = text;
  }

  void learn(String service) {
    if (service.isEmpty() || learned.size() >= MAX_SERVICES || !learned.add(service)) {
      return;
    }
    try {
      api.getIfExists(ApiPaths.service(service)).ifPresent(status -> text.learn(status.json()));
    } catch (CliException unavailable) {
      // names stay environment ids; the events themselves are what matters
    }
  }
}
