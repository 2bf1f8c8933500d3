package io.flotilla.model;

/** The stable address clients use: a host name and port behind the load balancer. Port 0 lets the cloud choose. */
public record EndpointAddress(String host, int port) {}
