package io.flotilla.engine.endpoint;

import io.flotilla.engine.CborSerializable;
import java.time.Instant;

/** The one release waiting behind the active one; a newer request replaces it. */
public record QueuedRelease(String id, String version, Instant requestedAt) implements CborSerializable {}
