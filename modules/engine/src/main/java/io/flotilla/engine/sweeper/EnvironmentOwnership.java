package io.flotilla.engine.sweeper;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Who answers the sweeper's question before it calls a stack an orphan: does its service still track it? */
public interface EnvironmentOwnership {

  /**
   * The environments the service tracks, in every state (being deleted included); a service that does not exist
   * tracks none. Asking must never create the service.
   */
  CompletionStage<Known> known(String service);

  /** The answer: whether the service exists, and the ids of the environments it tracks. */
  record Known(boolean serviceExists, Set<String> environmentIds) {
    public Known {
      environmentIds = Set.copyOf(environmentIds);
    }

    public static Known noService() {
      return new Known(false, Set.of());
    }

    public boolean knows(String environmentId) {
      return environmentIds.contains(environmentId);
    }
  }
}
