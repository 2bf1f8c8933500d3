package io.flotilla.api;

import io.flotilla.engine.endpoint.StatusView;
import io.flotilla.engine.fleet.FleetRow;
import java.time.Instant;
import java.util.List;

/**
 * One line of the fleet view. {@code phase} is the phase of the release in flight, else of the last release (e.g.
 * {@code Promoted}, {@code RolledBack}), else {@code None}; {@code version} is what serves the largest share of
 * traffic now, {@code versions} every version the service keeps running (provisioning, serving or hot);
 * {@code health} is {@code InSync}, {@code Converging} (a weight change on its way), {@code Drifting} (drift detected,
 * being repaired) or {@code Degraded} (an environment that should serve is missing or failed); {@code lastVerdict} is
 * the last comparison verdict and how the release ended; {@code updatedAt} the time of the service's last event.
 */
public record ServiceSummary(
    String service,
    String team,
    String account,
    String region,
    int revision,
    String phase,
    boolean releasing,
    String version,
    List<StatusView.Weight> weights,
    boolean inSync,
    boolean deleting,
    String health,
    List<String> versions,
    FleetRow.LastVerdict lastVerdict,
    Instant updatedAt) {

  static ServiceSummary of(FleetRow row) {
    return new ServiceSummary(row.service(), row.team(), row.account(), row.region(), row.revision(), row.phase(),
        row.releasing(), row.version(), row.weights(), row.inSync(), row.deleting(), row.health().display(),
        row.versions(), row.lastVerdict(), row.updatedAt());
  }
}
