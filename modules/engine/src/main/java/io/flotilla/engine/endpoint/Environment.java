package io.flotilla.engine.endpoint;

import io.flotilla.engine.CborSerializable;
import java.time.Instant;

/**
 * One immutable environment the endpoint owns. {@code idleSince} is set while it serves no traffic and no release
 * needs it; retention counts from there. {@code orphan} marks a stack found in the cloud that the endpoint never
 * created: it is only ever deleted.
 */
public record Environment(
    String id,
    String version,
    int revision,
    EnvironmentState state,
    Instant createdAt,
    Instant readyAt,
    Instant idleSince,
    boolean orphan) implements CborSerializable {

  Environment withState(EnvironmentState newState) {
    return new Environment(id, version, revision, newState, createdAt, readyAt, idleSince, orphan);
  }

  Environment ready(Instant at) {
    return new Environment(id, version, revision, EnvironmentState.READY, createdAt, at, idleSince, orphan);
  }

  /** The environment vanished and is created again under the same id; its provisioning clock restarts. */
  Environment recreating(Instant at) {
    return new Environment(id, version, revision, EnvironmentState.PROVISIONING, at, null, idleSince, orphan);
  }

  Environment idleSince(Instant at) {
    return new Environment(id, version, revision, state, createdAt, readyAt, at, orphan);
  }
}
