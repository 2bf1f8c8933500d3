package io.flotilla.engine.fleet;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A service's live state against its desired state, as its events tell it (worst first): an environment that should
 * serve is missing or failed and is being re-created; drift was detected (weights edited behind Flotilla's back, or
 * a stack it does not know) and is being repaired; a weight change is on its way; or all is as desired.
 */
public enum FleetHealth {
  DEGRADED,
  DRIFTING,
  CONVERGING,
  IN_SYNC;

  /** The name as the API shows it, e.g. {@code InSync}. */
  @JsonValue
  public String display() {
    StringBuilder out = new StringBuilder();
    for (String part : name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase());
    }
    return out.toString();
  }
}
