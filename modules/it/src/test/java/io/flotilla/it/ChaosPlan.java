package io.flotilla.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What the chaos test asks of one service after its 1.0.0 serves, and which version serves when it is over. The
 * first release of every service is asked at once; what follows is asked right after a kill (while a third of the
 * entities are being moved to the surviving nodes), so those requests meet timeouts and retries. Rollouts have three
 * holds, so a release meets several kills.
 */
enum ChaosPlan {
  /** 2.0.0 is good: promoted. */
  GOOD("good", 60, "2.0.0", "2.0.0", 35, 100),
  /** The release's alarm goes to ALARM after the second kill: the comparator rolls 2.0.0-bad back. */
  ALARMED("alarm", 10, "2.0.0-bad", "1.0.0", 35, 100),
  /** 2.0.0-broken never passes its health check: failed after environmentTimeout. */
  BROKEN("broken", 10, "2.0.0-broken", "1.0.0", 35, 100),
  /** A user rolls 2.0.0 back after the second kill. */
  UNDONE("undo", 7, "2.0.0", "1.0.0", 35, 100),
  /** 3.0.0 is requested after the first kill, while 2.0.0 rolls out: queued, then promoted after it. */
  QUEUED("queue", 7, "2.0.0", "3.0.0", 20, 100),
  /** 3.0.0 is queued after the first kill, and replaced in the queue by 3.1.0 after the second. */
  REPLACED("replace", 6, "2.0.0", "3.1.0", 25, 100);

  private final String prefix;
  private final int services;
  final String firstVersion;
  final String finalVersion;
  private final int holdSeconds;
  private final int environmentTimeoutSeconds;

  ChaosPlan(String prefix, int services, String firstVersion, String finalVersion, int holdSeconds,
      int environmentTimeoutSeconds) {
    this.prefix = prefix;
    this.services = services;
    this.firstVersion = firstVersion;
    this.finalVersion = finalVersion;
    this.holdSeconds = holdSeconds;
    this.environmentTimeoutSeconds = environmentTimeoutSeconds;
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
        name: %1$s
        image: demo/chaos
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout:
          steps: [{weight: 10, hold: %2$ds}, {weight: 30, hold: %2$ds}, {weight: 60, hold: %2$ds}, {weight: 100}]
          environmentTimeout: %3$ds
        analysis: %4$s
        retention: {keepPreviousFor: 5s}
        """.formatted(service, holdSeconds, environmentTimeoutSeconds, analysis);
  }

  /**
   * The user's part, sent through {@code client} (which retries through node deaths); {@code afterKill} waits until
   * the given kill has happened, {@code alarm} sets the service's alarm to ALARM.
   */
  void run(String service, ChaosClient client, IntConsumer afterKill, Consumer<String> alarm) {
    client.post(service, "releases", version(firstVersion));
    switch (this) {
      case ALARMED -> {
        afterKill.accept(2);
        alarm.accept(alarmOf(service));
      }
      case UNDONE -> {
        afterKill.accept(2);
        client.post(service, "rollback", "{\"reason\": \"chaos: rolled back by hand\"}");
      }
      case QUEUED -> {
        afterKill.accept(1);
        client.post(service, "releases", version("3.0.0"));
      }
      case REPLACED -> {
        afterKill.accept(1);
        client.post(service, "releases", version("3.0.0"));
        afterKill.accept(2);
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
