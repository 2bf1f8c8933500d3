package io.flotilla.engine.endpoint;

import io.flotilla.cloud.CloudProvider;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.inventory.InventoryScanners;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;

/** What an endpoint entity needs from its node: the cloud ports, the node's inventory scanners, time and settings. */
public record EndpointDependencies(
    CloudProvider cloud, ActorRef<InventoryScanners.Command> scanners, Clock clock, EngineSettings settings) {}
