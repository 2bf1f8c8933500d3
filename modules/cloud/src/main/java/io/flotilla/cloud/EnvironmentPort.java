package io.flotilla.cloud;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Creates, describes and deletes immutable environments. Both create and delete are idempotent. */
public interface EnvironmentPort {
  /** Creates the environment, or returns the existing one with the same id. Completes once creation is under way. */
  CompletionStage<EnvironmentInfo> create(EnvironmentRequest request);

  CompletionStage<Optional<EnvironmentInfo>> describe(Placement placement, String environmentId);

  /** Deletes the environment; deleting one that does not exist succeeds. */
  CompletionStage<Void> delete(Placement placement, String environmentId);
}
