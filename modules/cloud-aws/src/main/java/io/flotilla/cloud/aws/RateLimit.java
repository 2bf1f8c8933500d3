package io.flotilla.cloud.aws;

/** A token bucket: {@code perSecond} calls a second on average, at most {@code burst} at once after a quiet spell. */
public record RateLimit(double perSecond, int burst) {
  public RateLimit {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1, got " + perSecond + "/" + burst);
    }
  }
}
