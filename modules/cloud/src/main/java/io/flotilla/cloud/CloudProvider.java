package io.flotilla.cloud;

/** The ports one cloud implementation offers; the engine depends only on these. */
public record CloudProvider(
    EnvironmentPort environments,
    TrafficPort traffic,
    PreviewPort previews,
    InventoryPort inventory,
    MetricsPort metrics,
    AlarmPort alarms) {}
