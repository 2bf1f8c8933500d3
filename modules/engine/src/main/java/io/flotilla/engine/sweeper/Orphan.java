package io.flotilla.engine.sweeper;

import io.flotilla.cloud.Placement;
import io.flotilla.engine.sweeper.SweepReport.Action;
import io.flotilla.engine.sweeper.SweepReport.Finding;
import java.time.Instant;

/** An environment tagged with our owner that its service does not know, seen orphaned since {@code firstSeen}. */
record Orphan(Placement placement, String environmentId, String service, String version, Instant firstSeen,
    String why) {

  /** Sweeps remember orphans by where they are and their id. */
  record Key(Placement placement, String environmentId) {}

  Key key() {
    return new Key(placement, environmentId);
  }

  Finding finding(Action action) {
    return new Finding(placement, environmentId, service, version, firstSeen, action, why);
  }

  Finding failed(String reason) {
    return new Finding(placement, environmentId, service, version, firstSeen, Action.DELETE_FAILED,
        why + "; delete failed: " + reason);
  }
}
