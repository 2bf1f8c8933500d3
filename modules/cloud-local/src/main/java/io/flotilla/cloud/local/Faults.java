package io.flotilla.cloud.local;

import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;

/**
 * Fault injection for a local cloud, in process ({@link LocalCloud#faults()}) or over its control API
 * ({@link RemoteLocalCloud#faults()}). Changes made "behind Flotilla's back" are not counted as calls. Methods block
 * until the fault is in place: they are for tests and demos, not for the engine. Operations are named as in
 * {@link Operation} ({@code "create"}, {@code "setWeights"}, ...), or {@link #ANY_OPERATION}.
 */
public interface Faults {
  String ANY_OPERATION = "*";

  /** Terminates the instance in slot {@code index}; like an auto-scaling group, the cloud replaces it. */
  void killInstance(String environmentId, int index);

  /** Deletes the environment as someone with console access would: no call is counted. */
  void deleteEnvironment(Placement placement, String environmentId);

  /** Replaces an endpoint's weights without any check, as a hand edit of the load balancer would. */
  void setWeights(Placement placement, String service, TrafficSplit split);

  /** Starts an environment no one asked for, tagged as belonging to {@code service} (one instance). */
  EnvironmentInfo createStray(Placement placement, String service, String version, String environmentId);

  /** The next {@code count} calls of {@code operation} fail with a retryable {@code CloudException}. */
  default void failNext(String operation, int count) {
    failNext(operation, count, true);
  }

  void failNext(String operation, int count, boolean retryable);

  /** The next {@code count} calls of {@code operation} complete {@code delay} later than they would. */
  void slowNext(String operation, int count, Duration delay);

  /** From now on every call fails (retryably) with probability {@code failProbability} and is slowed by
   * {@code delay} with probability {@code slowProbability}; both zero turns the random mode off. */
  void random(double failProbability, double slowProbability, Duration delay);

  /** Sets an alarm's state, as a monitoring system would when a threshold is crossed. */
  void setAlarm(Placement placement, String name, AlarmState state);

  /** Removes every planned and random call fault (version overrides stay). */
  void clearCallFaults();

  /** Makes a version behave differently from the catalog from now on (new and running instances alike). */
  void overrideVersion(String version, VersionBehavior behavior);

  void clearVersionOverride(String version);
}
