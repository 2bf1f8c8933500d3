package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One metric the judge compares. Error-rate checks use {@code maxIncrease} (absolute, 0.01 = one percentage point);
 * latency checks use {@code percentile} and {@code maxRatio}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricCheck(
    String name, MetricType type, Double maxIncrease, Integer percentile, Double maxRatio, boolean critical) {}
