package io.flotilla.cloud.local;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.RuntimeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Faults on an in-process {@link LocalCloud}; work that starts servers runs on the cloud's threads. */
final class LocalFaults implements Faults {
  private final CloudRuntime runtime;
  private final EnvironmentRegistry environments;
  private final EndpointRegistry endpoints;
  private final DemoImage image;
  private final CallGate gate;
  private final AlarmBoard alarms;

  LocalFaults(CloudRuntime runtime, EnvironmentRegistry environments, EndpointRegistry endpoints, DemoImage image,
      CallGate gate, AlarmBoard alarms) {
    this.alarms = alarms;
    this.runtime = runtime;
    this.environments = environments;
    this.endpoints = endpoints;
    this.image = image;
    this.gate = gate;
  }

  @Override
  public void killInstance(String environmentId, int index) {
    environments.findAnywhere(environmentId)
        .orElseThrow(() -> new IllegalArgumentException("no environment " + environmentId))
        .kill(index);
  }

  @Override
  public void deleteEnvironment(Placement placement, String environmentId) {
    environments.delete(placement, environmentId);
  }

  @Override
  public void setWeights(Placement placement, String service, TrafficSplit split) {
    endpoints.overrideWeights(new EndpointKey(placement, service), split);
  }

  @Override
  public EnvironmentInfo createStray(Placement placement, String service, String version, String environmentId) {
    RuntimeSpec runtimeSpec = new RuntimeSpec("local", 1, 1, 0, List.of(), Map.of(), HealthCheck.DEFAULT);
    Map<String, String> tags = Map.of(Tags.SERVICE, service, Tags.VERSION, version, Tags.ENV_ID, environmentId,
        Tags.REVISION, "0", Tags.OWNER, "flotilla");
    EnvironmentRequest request =
        new EnvironmentRequest(environmentId, placement, service, version, 0, "demo/" + service, runtimeSpec, tags);
    return onCloudThread(() -> environments.create(request));
  }

  @Override
  public void failNext(String operation, int count, boolean retryable) {
    gate.failNext(operationOf(operation), count, retryable);
  }

  @Override
  public void slowNext(String operation, int count, Duration delay) {
    gate.slowNext(operationOf(operation), count, delay);
  }

  @Override
  public void random(double failProbability, double slowProbability, Duration delay) {
    gate.random(failProbability, slowProbability, delay);
  }

  @Override
  public void clearCallFaults() {
    gate.clear();
  }

  @Override
  public void overrideVersion(String version, VersionBehavior behavior) {
    image.override(version, behavior);
  }

  @Override
  public void clearVersionOverride(String version) {
    image.clearOverride(version);
  }

  /** Null or {@code *} means any operation. */
  static Operation operationOf(String name) {
    return name == null || ANY_OPERATION.equals(name) ? null : Operation.of(name);
  }

  private <T> T onCloudThread(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, runtime.operations()).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new CloudException("fault injection failed", false, e.getCause());
    }
  }

  @Override
  public void setAlarm(Placement placement, String name, AlarmState state) {
    alarms.set(placement, name, state);
  }
}
