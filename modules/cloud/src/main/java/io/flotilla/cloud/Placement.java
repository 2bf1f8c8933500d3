package io.flotilla.cloud;

/** Where a resource lives: an account (id or alias) and a region. */
public record Placement(String account, String region) {}
