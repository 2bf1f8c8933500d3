package io.flotilla.api;

import java.util.Locale;

/**
 * What a principal may do: {@code viewer} reads everything; {@code deployer} also changes the services of its own
 * teams; {@code admin} does everything, including accounts and the orphan sweep.
 */
public enum Role {
  VIEWER,
  DEPLOYER,
  ADMIN;

  /** The role's name in configuration and messages: {@code viewer}, {@code deployer}, {@code admin}. */
  public String display() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Role parse(String text) {
    for (Role role : values()) {
      if (role.display().equals(text)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + text + "' (expected viewer, deployer or admin)");
  }
}
