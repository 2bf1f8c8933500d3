package io.flotilla.engine.endpoint;

import io.flotilla.engine.CborSerializable;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;

/** One immutable spec revision. */
public record Revision(int number, ServiceSpec spec, Instant createdAt) implements CborSerializable {}
