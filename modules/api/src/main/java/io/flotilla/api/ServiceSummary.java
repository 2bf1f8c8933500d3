package io.flotilla.api;

import io.flotilla.engine.endpoint.Release;
import io.flotilla.engine.endpoint.StatusView;
import java.util.Comparator;
import java.util.List;

/**
 * One line of the fleet view. {@code phase} is the phase of the release in flight, else of the last release (e.g.
 * {@code Promoted}, {@code RolledBack}), else {@code None}; {@code version} is what serves the largest share of
 * traffic now.
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
    boolean deleting) {

  static final String NO_RELEASE = "None";

  static ServiceSummary of(StatusView status) {
    Release latest = status.activeRelease() != null ? status.activeRelease()
        : status.history().isEmpty() ? null : status.history().get(status.history().size() - 1);
    String version = status.desired().stream()
        .max(Comparator.comparingInt(StatusView.Weight::weight))
        .map(StatusView.Weight::version)
        .orElse(null);
    return new ServiceSummary(status.service(), status.spec().team(), status.spec().account(),
        status.spec().region(), status.revision(), latest == null ? NO_RELEASE : latest.phase().display(),
        status.activeRelease() != null && !status.activeRelease().phase().isTerminal(), version, status.desired(),
        status.inSync(), status.deleting());
  }
}
