package io.flotilla.cassandra;

/** Thrown when an embedded Cassandra server cannot be started or reused. */
public final class CassandraStartupException extends RuntimeException {

  public CassandraStartupException(String message) {
    super(message);
  }

  public CassandraStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
