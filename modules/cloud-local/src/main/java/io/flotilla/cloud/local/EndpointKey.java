package io.flotilla.cloud.local;

import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Placement;

/** An endpoint's identity in the local cloud: its service in its placement (the address only picks the port). */
record EndpointKey(Placement placement, String service) {
  static EndpointKey of(EndpointRef ref) {
    return new EndpointKey(ref.placement(), ref.service());
  }

  @Override
  public String toString() {
    return service + " in " + placement.account() + "/" + placement.region();
  }
}
