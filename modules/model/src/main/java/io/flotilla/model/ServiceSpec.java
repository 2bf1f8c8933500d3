package io.flotilla.model;

/**
 * The declarative configuration of one service endpoint. Every change is stored as a new immutable revision;
 * instances are built only through {@code SpecReader}, which validates every field and fills defaults.
 */
public record ServiceSpec(
    String name,
    String team,
    String account,
    String region,
    EndpointAddress endpoint,
    String image,
    RuntimeSpec runtime,
    RolloutPolicy rollout,
    AnalysisPolicy analysis,
    RetentionPolicy retention) {}
