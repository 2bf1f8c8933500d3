package io.flotilla.api;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who made a request: the configured name of the token (or client certificate) that authenticated it, its role, and
 * for a deployer the teams whose services it may change.
 */
public record Principal(String name, Role role, Set<String> teams) {
  public Principal {
    teams = Set.copyOf(teams);
  }

  /** The principal of every request when authentication is switched off ({@code flotilla.auth.mode = off}). */
  static final Principal ANONYMOUS_ADMIN = new Principal("anonymous", Role.ADMIN, Set.of());

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this principal may change a service of {@code team}. */
  public boolean maySteer(String team) {
    return role == Role.ADMIN || role == Role.DEPLOYER && teams.contains(team);
  }

  /** The teams, sorted, for messages. */
  String teamList() {
    return String.join(", ", new TreeSet<>(teams));
  }
}
