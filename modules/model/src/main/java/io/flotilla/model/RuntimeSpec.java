package io.flotilla.model;

import java.util.List;
import java.util.Map;

/** What runs in each environment: instance type and count, the port the service listens on, its arguments and environment. */
public record RuntimeSpec(
    String instanceType,
    int minInstances,
    int maxInstances,
    int port,
    List<String> args,
    Map<String, String> env,
    HealthCheck healthCheck) {
  public RuntimeSpec {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }
}
