package io.flotilla.engine;

/** Marker for every message, event and state that Pekko serializes; bound to {@code jackson-cbor} in configuration. */
public interface CborSerializable {}
