package io.flotilla.cloud.aws;

import java.util.Map;

/**
 * What the rate limits did in one (account, region): per API family, calls started, calls that had to wait for a
 * token and calls waiting now; and the attempts AWS throttled, per operation.
 */
public record AwsCallStats(
    String account, String region, Map<String, FamilyStats> families, long throttled, Map<String, Long> throttledByOperation) {
  public AwsCallStats {
    families = Map.copyOf(families);
    throttledByOperation = Map.copyOf(throttledByOperation);
  }

  /** One API family's counters. */
  public record FamilyStats(long started, long delayed, int waiting) {}
}
