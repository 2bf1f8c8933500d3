package io.flotilla.model;

/** How instances are probed: a GET on {@code path} every {@code intervalSeconds}; healthy after {@code healthyThreshold} successes in a row. */
public record HealthCheck(String path, int intervalSeconds, int healthyThreshold) {
  public static final HealthCheck DEFAULT = new HealthCheck("/health", 10, 2);
}
