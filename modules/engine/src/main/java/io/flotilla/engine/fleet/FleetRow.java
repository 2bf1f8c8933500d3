package io.flotilla.engine.fleet;

import io.flotilla.engine.CborSerializable;
import io.flotilla.engine.endpoint.EnvironmentState;
import io.flotilla.engine.endpoint.StatusView;
import io.flotilla.judge.Verdict;
import io.flotilla.model.ReleasePhase;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One service in the fleet view: the fold of its journal up to {@code seqNr}, kept small (no specs, no history).
 * {@link FleetRowFold} is the only way it changes; the derived views ({@link #phase()}, {@link #health()},
 * {@link #weights()} ...) answer what {@code GET /api/v1/services} shows. A deleted service keeps its row with
 * {@code registered} false, so that a replay of its older events cannot bring it back; it is not listed.
 */
public record FleetRow(
    String service,
    long seqNr,
    Instant updatedAt,
    boolean registered,
    boolean deleting,
    String team,
    String account,
    String region,
    int revision,
    List<FleetEnvironment> environments,
    Map<String, Integer> desired,
    Map<String, Integer> applied,
    ActiveRelease release,
    ReleasePhase lastPhase,
    boolean weightsDrift,
    LastVerdict lastVerdict) implements CborSerializable {

  static final String NO_RELEASE = "None";

  public FleetRow {
    environments = List.copyOf(environments);
    desired = Map.copyOf(desired);
    applied = Map.copyOf(applied);
  }

  /** A service before its first event. */
  public static FleetRow empty(String service) {
    return new FleetRow(service, 0, null, false, false, null, null, null, 0, List.of(), Map.of(), Map.of(), null,
        null, false, null);
  }

  /** One environment the service owns: what it runs and where it is in its lifecycle. */
  public record FleetEnvironment(String id, String version, EnvironmentState state, boolean orphan)
      implements CborSerializable {}

  /** The release in flight (or just finished, until the next one starts): enough to show its phase. */
  public record ActiveRelease(String id, String version, ReleasePhase phase, boolean paused, String environmentId,
      String baselineId) implements CborSerializable {}

  /**
   * The last decision about a release: the judge's verdict of the last comparison interval ({@code verdict},
   * {@code summary}, {@code step}; null before the first) and, once the release ended, how ({@code outcome}: the
   * terminal phase, with {@code reason} for rollbacks, aborts and failures).
   */
  public record LastVerdict(String releaseId, String version, Integer step, Verdict verdict, String summary,
      ReleasePhase outcome, String reason, Instant at) implements CborSerializable {}

  /** Whether {@code GET /api/v1/services} lists it: registered, including while its deletion runs. */
  public boolean listed() {
    return registered;
  }

  /** The phase of the release in flight, else of the last one, else {@code None}. */
  public String phase() {
    ReleasePhase phase = release != null ? release.phase() : lastPhase;
    return phase == null ? NO_RELEASE : phase.display();
  }

  /** A release is in flight (not at a terminal phase). */
  public boolean releasing() {
    return release != null && !release.phase().isTerminal();
  }

  /** The desired traffic split, by environment id, with each environment's version. */
  public List<StatusView.Weight> weights() {
    return new TreeMap<>(nonZero(desired)).entrySet().stream()
        .map(entry -> new StatusView.Weight(entry.getKey(), versionOf(entry.getKey()), entry.getValue()))
        .toList();
  }

  /** The version with the largest desired share of traffic (the first by environment id on a tie). */
  public String version() {
    return weights().stream().max(Comparator.comparingInt(StatusView.Weight::weight))
        .map(StatusView.Weight::version).orElse(null);
  }

  /** Versions of the environments the service keeps (provisioning, serving or hot), oldest first, each once. */
  public List<String> versions() {
    return environments.stream().filter(env -> env.state() != EnvironmentState.DELETING && !env.orphan())
        .map(FleetEnvironment::version).filter(Objects::nonNull).distinct().toList();
  }

  /** The weights last applied and read back equal the desired ones. */
  public boolean inSync() {
    return nonZero(desired).equals(nonZero(applied));
  }

  /** How the live state compares with the desired state, as far as the events tell. */
  public FleetHealth health() {
    boolean servingEnvironmentDown = environments.stream().anyMatch(env -> desired.getOrDefault(env.id(), 0) > 0
        && env.state() != EnvironmentState.READY);
    if (servingEnvironmentDown) {
      return FleetHealth.DEGRADED;
    }
    if (weightsDrift || environments.stream().anyMatch(FleetEnvironment::orphan)) {
      return FleetHealth.DRIFTING;
    }
    return inSync() ? FleetHealth.IN_SYNC : FleetHealth.CONVERGING;
  }

  String versionOf(String environmentId) {
    return environments.stream().filter(env -> env.id().equals(environmentId)).map(FleetEnvironment::version)
        .findFirst().orElse(null);
  }

  static Map<String, Integer> nonZero(Map<String, Integer> weights) {
    Map<String, Integer> out = new TreeMap<>();
    weights.forEach((id, weight) -> {
      if (weight != 0) {
        out.put(id, weight);
      }
    });
    return out;
  }
}
