package io.flotilla.engine.endpoint;

/** Flotilla's own view of an environment's lifecycle (the cloud's view is {@code EnvironmentStatus}). */
public enum EnvironmentState {
  /** Creation requested (or re-creation after drift); waiting for health checks. */
  PROVISIONING,
  /** Healthy and able to take traffic. */
  READY,
  /** Deletion decided; the collector is removing it. */
  DELETING
}
