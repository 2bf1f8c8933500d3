package io.flotilla.cloud;

/**
 * How urgent a cloud call is, most urgent first. Providers with rate limits let a more urgent call go ahead of queued
 * less urgent ones, so a mass rollback never waits behind garbage collection or inventory reads.
 */
public enum CallPriority {
  /** Moving traffic back to the old version (rollback, abort). */
  ROLLBACK,
  /** Moving traffic forward during a rollout. */
  SHIFT,
  /** Creating environments and preview endpoints. */
  CREATE,
  /** Deleting environments and endpoints (garbage collection). */
  DELETE,
  /** Describes, inventory scans, metrics and alarm reads. */
  READ
}
