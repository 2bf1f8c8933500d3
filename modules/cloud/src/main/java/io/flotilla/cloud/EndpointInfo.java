package io.flotilla.cloud;

/** A live endpoint: the URL clients use, and its current traffic split. */
public record EndpointInfo(EndpointRef ref, String url, TrafficSplit split) {}
