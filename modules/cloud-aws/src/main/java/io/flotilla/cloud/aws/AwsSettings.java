package io.flotilla.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How the adapter talks to AWS: Flotilla's own credentials, the owner tag it stamps on what it creates, SDK retry
 * policy (exponential backoff with jitter), the rate limit per API family (families not listed use
 * {@link ApiFamily#defaultLimit()}), and endpoint overrides by service ({@code ec2}, {@code autoscaling},
 * {@code elbv2}, {@code monitoring}, {@code sts}) for tests.
 */
public record AwsSettings(
    AwsCredentialsProvider baseCredentials,
    String owner,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration retryMaxBackoff,
    Duration apiCallTimeout,
    Map<ApiFamily, RateLimit> rateLimits,
    Map<String, URI> endpointOverrides) {
  public AwsSettings {
    rateLimits = Map.copyOf(rateLimits);
    endpointOverrides = Map.copyOf(endpointOverrides);
  }

  /** Production defaults: 5 attempts, 100 ms base delay up to 20 s, 30 s per call, default rate limits. */
  public static AwsSettings defaults(AwsCredentialsProvider baseCredentials, String owner) {
    return new AwsSettings(baseCredentials, owner, 5, Duration.ofMillis(100), Duration.ofSeconds(20),
        Duration.ofSeconds(30), Map.of(), Map.of());
  }

  public AwsSettings withRetries(int attempts, Duration baseDelay, Duration maxBackoff) {
    return new AwsSettings(baseCredentials, owner, attempts, baseDelay, maxBackoff, apiCallTimeout, rateLimits, endpointOverrides);
  }

  public AwsSettings withApiCallTimeout(Duration timeout) {
    return new AwsSettings(baseCredentials, owner, maxAttempts, retryBaseDelay, retryMaxBackoff, timeout, rateLimits, endpointOverrides);
  }

  public AwsSettings withRateLimit(ApiFamily family, RateLimit limit) {
    Map<ApiFamily, RateLimit> limits = new EnumMap<>(ApiFamily.class);
    limits.putAll(rateLimits);
    limits.put(family, limit);
    return new AwsSettings(baseCredentials, owner, maxAttempts, retryBaseDelay, retryMaxBackoff, apiCallTimeout, limits, endpointOverrides);
  }

  public AwsSettings withEndpointOverrides(Map<String, URI> overrides) {
    return new AwsSettings(baseCredentials, owner, maxAttempts, retryBaseDelay, retryMaxBackoff, apiCallTimeout, rateLimits, overrides);
  }

  public RateLimit rateLimit(ApiFamily family) {
    return rateLimits.getOrDefault(family, family.defaultLimit());
  }
}
