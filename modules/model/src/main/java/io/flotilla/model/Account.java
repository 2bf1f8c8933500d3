package io.flotilla.model;

import java.util.List;
import java.util.Optional;

/**
 * A cloud account Flotilla deploys into: its id (an AWS account id, or a name of the embedded cloud), a short alias,
 * the role Flotilla assumes there with its external id (none for the account Flotilla runs in, and for the local
 * cloud), and the regions it may deploy to. Services name their account by id or alias.
 */
public record Account(String id, String alias, String roleArn, String externalId, List<String> regions) {
  public Account {
    regions = List.copyOf(regions);
  }

  public Optional<String> role() {
    return Optional.ofNullable(roleArn);
  }

  public Optional<String> external() {
    return Optional.ofNullable(externalId);
  }

  /** Whether a service's {@code account} field names this account. */
  public boolean isNamed(String idOrAlias) {
    return id.equals(idOrAlias) || alias.equals(idOrAlias);
  }
}
