package io.flotilla.engine.sweeper;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Tags;
import io.flotilla.engine.sweeper.SweepReport.Action;
import io.flotilla.engine.sweeper.SweepReport.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure decisions of a sweep. Only environments tagged with our owner and a service are considered; one its service
 * knows is left alone and forgotten; one it does not know (or whose service does not exist) is an orphan, deleted
 * once it has been seen orphaned in every sweep for the grace period, and only outside a dry run. An orphan missing
 * from a sweep (gone, not scanned, or its service did not answer) starts its grace period again when seen next.
 */
final class SweepDecisions {
  private SweepDecisions() {}

  /** What to report now, what to delete, and the orphans to remember with when they were first seen. */
  record Plan(Map<Orphan.Key, Instant> firstSeen, List<Finding> findings, List<Orphan> due) {
    Plan {
      firstSeen = Map.copyOf(firstSeen);
      findings = List.copyOf(findings);
      due = List.copyOf(due);
    }
  }

  /** Whether the sweeper may consider the environment at all: tagged with our owner and with a service. */
  static boolean ours(EnvironmentInfo environment, String owner) {
    String service = environment.service();
    return owner.equals(environment.tags().get(Tags.OWNER)) && service != null && !service.isBlank();
  }

  static Plan plan(Observation observation, String owner, Map<Orphan.Key, Instant> firstSeen, Instant now,
      Duration gracePeriod, boolean dryRun) {
    Map<Orphan.Key, Instant> remembered = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    List<Orphan> due = new ArrayList<>();
    for (EnvironmentInfo environment : observation.tagged()) {
      if (!ours(environment, owner)) {
        continue;
      }
      EnvironmentOwnership.Known known = observation.owners().get(environment.service());
      if (known == null || known.knows(environment.environmentId())) {
        continue;
      }
      Orphan.Key key = new Orphan.Key(environment.placement(), environment.environmentId());
      Instant first = firstSeen.getOrDefault(key, now);
      remembered.put(key, first);
      Orphan orphan = new Orphan(environment.placement(), environment.environmentId(), environment.service(),
          environment.version(), first, why(environment.service(), known));
      Duration orphanedFor = Duration.between(first, now);
      if (orphanedFor.compareTo(gracePeriod) < 0) {
        findings.add(orphan.finding(Action.WAITING_GRACE));
      } else if (dryRun) {
        findings.add(orphan.finding(Action.WOULD_DELETE));
      } else {
        due.add(orphan);
      }
    }
    return new Plan(remembered, findings, due);
  }

  private static String why(String service, EnvironmentOwnership.Known known) {
    return known.serviceExists() ? "service '" + service + "' does not know this environment"
        : "service '" + service + "' does not exist";
  }
}
