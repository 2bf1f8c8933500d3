package io.flotilla.api;

import java.util.concurrent.atomic.AtomicInteger;

/** Spec documents for route tests: one small instance, fast health checks, and rollouts that finish in seconds. */
final class Specs {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private Specs() {}

  /** A service name no other test uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /** All traffic in one step, no holds: a release is promoted as soon as its environment is healthy. */
  static String yaml(String name) {
    return yaml(name, "team: payments", "steps: [{weight: 100}]");
  }

  /** A second release holds at 50% for ten minutes: long enough to pause, resume, promote, roll back or abort it. */
  static String yamlWithLongHold(String name) {
    return yaml(name, "team: payments", "steps: [{weight: 50, hold: 10m}, {weight: 100}]");
  }

  static String yaml(String name, String teamLine, String stepsLine) {
    return """
        name: %s
        %s
        image: demo/checkout
        runtime:
          minInstances: 1
          maxInstances: 1
          healthCheck: {path: /health, intervalSeconds: 1, healthyThreshold: 1}
        rollout:
          %s
        retention: {keepPreviousFor: 1h, maxLiveVersions: 3}
        """.formatted(name, teamLine, stepsLine);
  }

  static String json(String name) {
    return """
        {
          "name": "%s",
          "team": "payments",
          "image": "demo/checkout",
          "runtime": {"minInstances": 1, "maxInstances": 1,
                      "healthCheck": {"path": "/health", "intervalSeconds": 1, "healthyThreshold": 1}},
          "rollout": {"steps": [{"weight": 100}]}
        }
        """.formatted(name);
  }
}
