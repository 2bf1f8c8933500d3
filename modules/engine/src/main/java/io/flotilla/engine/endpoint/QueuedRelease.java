package io.flotilla.engine.endpoint;

import io.flotilla.engine.CborSerializable;
import java.time.Instant;

/**
 * The one release waiting behind the active one; a newer request replaces it. {@code requestedBy} is the principal
 * who asked for it (null for entries queued before principals were recorded).
 */
public record QueuedRelease(String id, String version, Instant requestedAt, String requestedBy)
    implements CborSerializable {}
