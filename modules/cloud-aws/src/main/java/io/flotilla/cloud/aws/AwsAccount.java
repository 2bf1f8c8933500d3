package io.flotilla.cloud.aws;

import java.util.Optional;

/**
 * An AWS account Flotilla deploys into. With a role ARN, Flotilla assumes that role (with the external id) from its
 * own credentials; without one, it uses its own credentials directly (its home account).
 */
public record AwsAccount(String id, String alias, Optional<String> roleArn, Optional<String> externalId) {
  public static AwsAccount home(String id, String alias) {
    return new AwsAccount(id, alias, Optional.empty(), Optional.empty());
  }

  public static AwsAccount viaRole(String id, String alias, String roleArn, String externalId) {
    return new AwsAccount(id, alias, Optional.of(roleArn), Optional.ofNullable(externalId));
  }
}
