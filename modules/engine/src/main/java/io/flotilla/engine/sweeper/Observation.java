package io.flotilla.engine.sweeper;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Placement;
import java.util.List;
import java.util.Map;

/**
 * What a sweep saw before deciding anything: the placements it scanned, the environments there tagged with our
 * owner, what each of their services answered, and what could not be read. A service missing from {@code owners}
 * did not answer; its environments are left alone this time.
 */
record Observation(
    List<Placement> scanned,
    List<EnvironmentInfo> tagged,
    Map<String, EnvironmentOwnership.Known> owners,
    List<String> errors) {

  Observation {
    scanned = List.copyOf(scanned);
    tagged = List.copyOf(tagged);
    owners = Map.copyOf(owners);
    errors = List.copyOf(errors);
  }

  static Observation failed(String error) {
    return new Observation(List.of(), List.of(), Map.of(), List.of(error));
  }
}
