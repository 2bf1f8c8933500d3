package io.flotilla.engine.health;

/**
 * A change was not made, or not confirmed, because Cassandra is unavailable. {@code inFlight}: the change had been
 * handed to its entity when Cassandra went away, so it may or may not have been persisted; otherwise it was refused
 * before anything was asked and nothing changed.
 */
public final class StoreUnavailableException extends RuntimeException {
  private final transient CassandraHealth.Status status;
  private final boolean inFlight;

  public StoreUnavailableException(CassandraHealth.Status status, boolean inFlight) {
    super(status.reason() == null ? "Cassandra unavailable" : status.reason(), null, false, false);
    this.status = status;
    this.inFlight = inFlight;
  }

  public CassandraHealth.Status status() {
    return status;
  }

  public boolean inFlight() {
    return inFlight;
  }
}
