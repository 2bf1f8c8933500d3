package io.flotilla.cloud;

/** The live condition of an environment as the cloud reports it. */
public enum EnvironmentStatus {
  /** Instances are starting; not all have passed health checks yet. */
  STARTING,
  /** At least the minimum number of instances pass health checks. */
  HEALTHY,
  /** Running, but fewer than the minimum number of instances pass health checks. */
  UNHEALTHY,
  /** Being torn down. */
  DELETING
}
