package io.flotilla.engine.sweeper;

import io.flotilla.cloud.Placement;
import io.flotilla.engine.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What one sweep found: each environment tagged with our owner that no endpoint knows, and what was done about it.
 * Environments their endpoint knows are not listed. {@code sweeps} counts the sweeps this sweeper has run, this one
 * included (0 in the empty report before the first); {@code placements} are those scanned; {@code errors} name
 * placements that could not be scanned and services that did not answer, whose environments were left alone.
 */
public record SweepReport(
    int sweeps,
    Instant startedAt,
    Instant finishedAt,
    boolean dryRun,
    List<Placement> placements,
    List<Finding> findings,
    List<String> errors) implements CborSerializable {

  public SweepReport {
    placements = List.copyOf(placements);
    findings = List.copyOf(findings);
    errors = List.copyOf(errors);
  }

  /** The report before any sweep ran. */
  public static SweepReport none(boolean dryRun) {
    return new SweepReport(0, null, null, dryRun, List.of(), List.of(), List.of());
  }

  /** What happened to an orphan in this sweep. */
  public enum Action {
    /** Orphaned, but not yet for the whole grace period. */
    WAITING_GRACE,
    /** Would have been deleted, but this is a dry run. */
    WOULD_DELETE,
    DELETED,
    /** The delete call failed ({@code reason} says why); the next sweep tries again. */
    DELETE_FAILED
  }

  /** One orphan: where it is, whose tags it carries, since when it has been seen orphaned, and the action taken. */
  public record Finding(
      Placement placement,
      String environmentId,
      String service,
      String version,
      Instant firstSeen,
      Action action,
      String reason) {}
}
