package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures the chaos test prints: kills, releases by outcome, requests, progress, environments, GC. */
final class ChaosReport {
  private final List<String> kills = new ArrayList<>();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final Map<String, Integer> outcomesByPlan = new TreeMap<>();
  private final List<String> lines = new ArrayList<>();
  private int acknowledged;
  private int acknowledgedAfterRetry;
  private int ambiguous;

  synchronized int kills() {
    return kills.size();
  }

  synchronized void killed(String node, Duration at, Duration untilReady, Duration untilUp, int busy) {
    String line = "kill %d: node %s at +%d s; successor ready after %d s, all Up after %d s; %d services busy"
        .formatted(kills.size() + 1, node, at.toSeconds(), untilReady.toSeconds(), untilUp.toSeconds(), busy);
    kills.add(line);
    System.out.println(line);
  }

  synchronized void acknowledged(ChaosClient.Sent request) {
    acknowledged++;
    if (request.attempts() > 1) {
      acknowledgedAfterRetry++;
    }
  }

  synchronized void ambiguous(ChaosClient.Sent request) {
    ambiguous++;
    lines.add("ambiguous (retried, then refused): " + request.service() + " " + request.action() + " "
        + request.answer());
  }

  synchronized void ended(ChaosPlan plan, String phase) {
    outcomes.merge(phase, 1, Integer::sum);
    outcomesByPlan.merge(plan + " " + phase, 1, Integer::sum);
  }

  /** The longest time without progress: of any service, and per plan without holds that had not ended. */
  synchronized void progress(ProgressMonitor monitor, Map<String, ChaosPlan> plans) {
    lines.add("longest without any change while busy: " + describe(monitor.longest()));
    Map<ChaosPlan, ProgressMonitor.Gap> byPlan = new TreeMap<>();
    monitor.longestStalls().forEach(gap -> byPlan.putIfAbsent(plans.get(gap.service()), gap));
    byPlan.forEach((plan, gap) -> lines.add("longest stall (running holds not counted), " + plan + ": "
        + describe(gap)));
    lines.add("status samples: " + monitor.samples() + " answered, " + monitor.failedSamples() + " failed");
  }

  synchronized void versions(VersionSampler sampler) {
    lines.add("cloud inventory scans: " + sampler.scans() + ", most environments at once: "
        + sampler.mostEnvironments() + ", versions with two environments: " + sampler.duplicates().size());
  }

  synchronized void collected(Duration took, int environments, JsonNode periodicSweeps) {
    lines.add("GC: %d environments left, one per service, %d s after the last release ended; periodic dry-run sweeps: %d, findings of the last: %s"
        .formatted(environments, took.toSeconds(), periodicSweeps.path("sweeps").asInt(),
            periodicSweeps.path("findings")));
  }

  synchronized void requests(ChaosClient client) {
    lines.add("requests: %d sent, %d acknowledged (%d of them after a retry), %d ambiguous; %d retries in all"
        .formatted(client.sent().size(), acknowledged, acknowledgedAfterRetry, ambiguous, client.retries()));
  }

  synchronized void print() {
    System.out.println("=== chaos report ===");
    System.out.println("kills survived: " + kills.size());
    kills.forEach(line -> System.out.println("  " + line));
    System.out.println("releases completed: " + outcomes);
    outcomesByPlan.forEach((plan, count) -> System.out.println("  " + plan + ": " + count));
    lines.forEach(System.out::println);
  }

  private static String describe(ProgressMonitor.Gap gap) {
    return gap == null ? "none" : "%d s (%s, %s, until %s)".formatted(gap.length().toSeconds(), gap.service(),
        gap.phase(), gap.endedAt());
  }
}
