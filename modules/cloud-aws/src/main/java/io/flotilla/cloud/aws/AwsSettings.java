package io.flotilla.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How the adapter talks to AWS: Flotilla's own credentials, the owner tag it stamps on what it creates, SDK retry
 * policy, and endpoint overrides by service ({@code ec2}, {@code autoscaling}, {@code elbv2}, {@code sts}) for tests.
 */
public record AwsSettings(
    AwsCredentialsProvider baseCredentials,
    String owner,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration retryMaxBackoff,
    Duration apiCallTimeout,
    Map<String, URI> endpointOverrides) {
  public AwsSettings {
    endpointOverrides = Map.copyOf(endpointOverrides);
  }
}
