package io.flotilla.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the chaos test asks of one service after its 1.0.0 serves, and which version serves when it is over. Every
 * service's rollout has two 30 s holds, so a release lasts over a minute and meets several kills.
 */
enum ChaosPlan {
  /** 2.0.0 is good: promoted. */
  GOOD("good", 60, "2.0.0", "2.0.0"),
  /** The release's alarm is in ALARM: the comparator rolls 2.0.0-bad back. */
  ALARMED("alarm", 10, "2.0.0-bad", "1.0.0"),
  /** 2.0.0-broken never passes its health check: failed after environmentTimeout. */
  BROKEN("broken", 10, "2.0.0-broken", "1.0.0"),
  /** A user rolls 2.0.0 back during its first hold. */
  UNDONE("undo", 7, "2.0.0", "1.0.0"),
  /** 3.0.0 is requested while 2.0.0 rolls out: queued, then promoted after it. */
  QUEUED("queue", 7, "2.0.0", "3.0.0"),
  /** 3.0.0 is queued, then replaced in the queue by 3.1.0, which is promoted after 2.0.0. */
  REPLACED("replace", 6, "2.0.0", "3.1.0");

  private final String prefix;
  private final int services;
  final String firstVersion;
  final String finalVersion;

  ChaosPlan(String prefix, int services, String firstVersion, String finalVersion) {
    this.prefix = prefix;
    this.services = services;
    this.firstVersion = firstVersion;
    this.finalVersion = finalVersion;
  }

  /** 100 services by name, each with its plan. */
  static Map<String, ChaosPlan> assign() {
    Map<String, ChaosPlan> plans = new LinkedHashMap<>();
    for (ChaosPlan plan : values()) {
      for (int i = 0; i < plan.services; i++) {
        plans.put("%s-%02d".formatted(plan.prefix, i), plan);
      }
    }
    return plans;
  }

  static String alarmOf(String service) {
    return service + "-5xx";
  }

  String spec(String service) {
    String analysis = this == ALARMED
        ? "{interval: 2s, warmup: 1s, metrics: [], alarms: [%s], onInconclusive: proceed}".formatted(alarmOf(service))
        : "{metrics: []}";
    return """
        name: %s
        image: demo/chaos
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 10, hold: 30s}, {weight: 50, hold: 30s}, {weight: 100}], environmentTimeout: 45s}
        analysis: %s
        retention: {keepPreviousFor: 5s}
        """.formatted(service, analysis);
  }

  /** The user's part, sent through {@code client} (which retries through node deaths). */
  void run(String service, ChaosClient client) {
    client.post(service, "releases", version(firstVersion));
    switch (this) {
      case UNDONE -> {
        Eventually.until(Duration.ofMinutes(3), () -> "Holding".equals(client.status(service).path("activeRelease")
            .path("phase").asText()), service + " holding its first step");
        client.post(service, "rollback", "{\"reason\": \"chaos: rolled back by hand\"}");
      }
      case QUEUED -> {
        Eventually.sleep(10_000);
        client.post(service, "releases", version("3.0.0"));
      }
      case REPLACED -> {
        Eventually.sleep(10_000);
        client.post(service, "releases", version("3.0.0"));
        Eventually.sleep(5_000);
        client.post(service, "releases", version("3.1.0"));
      }
      default -> {
        // one request only
      }
    }
  }

  private static String version(String version) {
    return "{\"version\": \"" + version + "\"}";
  }
}
