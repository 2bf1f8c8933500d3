package io.flotilla.cloud;

import io.flotilla.model.EndpointAddress;

/** A service's stable endpoint (load-balancer listener or local proxy) in its account and region. */
public record EndpointRef(Placement placement, String service, EndpointAddress address) {}
