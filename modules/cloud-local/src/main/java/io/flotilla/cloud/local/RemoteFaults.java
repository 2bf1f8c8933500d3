package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.ControlJson.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.TrafficSplit;
import java.time.Duration;

/** {@link Faults} of a local cloud in another process, through its control API; each method blocks for the answer. */
final class RemoteFaults implements Faults {
  private static final TypeReference<Void> NOTHING = new TypeReference<>() {};

  private final ControlClient client;

  RemoteFaults(ControlClient client) {
    this.client = client;
  }

  @Override
  public void killInstance(String environmentId, int index) {
    post("/faults/kill-instance", new ControlJson.KillInstance(environmentId, index));
  }

  @Override
  public void deleteEnvironment(Placement placement, String environmentId) {
    post("/faults/delete-environment", new ControlJson.DeleteEnvironment(placement, environmentId));
  }

  @Override
  public void setWeights(Placement placement, String service, TrafficSplit split) {
    post("/faults/set-weights", new ControlJson.OverrideWeights(placement, service, split));
  }

  @Override
  public EnvironmentInfo createStray(Placement placement, String service, String version, String environmentId) {
    return client.await(client.send("POST", "/faults/stray",
        new ControlJson.Stray(placement, service, version, environmentId), new TypeReference<EnvironmentInfo>() {}));
  }

  @Override
  public void failNext(String operation, int count, boolean retryable) {
    post("/faults/fail-next", new ControlJson.CallFault(operation, count, retryable, Duration.ZERO));
  }

  @Override
  public void slowNext(String operation, int count, Duration delay) {
    post("/faults/slow-next", new ControlJson.CallFault(operation, count, false, delay));
  }

  @Override
  public void random(double failProbability, double slowProbability, Duration delay) {
    post("/faults/random", new ControlJson.RandomFaults(failProbability, slowProbability, delay));
  }

  @Override
  public void clearCallFaults() {
    post("/faults/clear", null);
  }

  @Override
  public void overrideVersion(String version, VersionBehavior behavior) {
    client.await(client.send("PUT", "/faults/versions/" + segment(version), behavior, NOTHING));
  }

  @Override
  public void clearVersionOverride(String version) {
    client.await(client.send("DELETE", "/faults/versions/" + segment(version), null, NOTHING));
  }

  private void post(String path, Object body) {
    client.await(client.send("POST", path, body, NOTHING));
  }

  @Override
  public void setAlarm(Placement placement, String name, AlarmState state) {
    client.await(client.send("PUT", "/faults/alarms/" + segment(placement.account()) + "/"
        + segment(placement.region()) + "/" + segment(name), new ControlJson.AlarmSetting(state), NOTHING));
  }
}
