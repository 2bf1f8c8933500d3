package io.flotilla.cloud.aws;

/**
 * A group of AWS API actions that AWS throttles together, per account and region. Flotilla rate limits each family
 * separately, so, for example, a burst of target-group describes never slows a listener change.
 */
public enum ApiFamily {
  EC2_DESCRIBE("ec2-describe", new RateLimit(20, 100)),
  EC2_MUTATE("ec2-mutate", new RateLimit(5, 50)),
  AUTOSCALING_DESCRIBE("autoscaling-describe", new RateLimit(10, 40)),
  AUTOSCALING_MUTATE("autoscaling-mutate", new RateLimit(5, 20)),
  ELB_DESCRIBE("elbv2-describe", new RateLimit(10, 40)),
  /** Listener and rule changes: AWS publishes about 3 per second with a burst of 20. */
  ELB_MODIFY("elbv2-modify", new RateLimit(3, 20)),
  /** Target-group and listener creation and deletion. */
  ELB_MUTATE("elbv2-mutate", new RateLimit(3, 20)),
  CLOUDWATCH_METRICS("cloudwatch-metrics", new RateLimit(40, 100)),
  CLOUDWATCH_ALARMS("cloudwatch-alarms", new RateLimit(8, 20));

  private final String key;
  private final RateLimit defaultLimit;

  ApiFamily(String key, RateLimit defaultLimit) {
    this.key = key;
    this.defaultLimit = defaultLimit;
  }

  /** The name used in configuration ({@code flotilla.cloud.aws.rate-limits.<key>}) and in metrics. */
  public String key() {
    return key;
  }

  public RateLimit defaultLimit() {
    return defaultLimit;
  }

  public static ApiFamily ofKey(String key) {
    for (ApiFamily family : values()) {
      if (family.key.equals(key)) {
        return family;
      }
    }
    throw new IllegalArgumentException("unknown AWS API family '" + key + "'");
  }
}
