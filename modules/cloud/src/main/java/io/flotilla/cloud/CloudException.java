package io.flotilla.cloud;

/** A cloud call that failed; {@code retryable} says whether trying again may help (throttling, 5xx, timeouts). */
public class CloudException extends RuntimeException {
  private final boolean retryable;

  public CloudException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public CloudException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
