package io.flotilla.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;

/** How long an environment that stopped serving stays hot, and how many environments may be alive at once. */
public record RetentionPolicy(
    @JsonSerialize(using = DurationText.Serializer.class)
    @JsonDeserialize(using = DurationText.Deserializer.class)
    Duration keepPreviousFor,
    int maxLiveVersions) {}
