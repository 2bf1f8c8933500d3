package io.flotilla.cloud;

import java.util.concurrent.CompletionStage;

/** The endpoint's weighted routing. */
public interface TrafficPort {
  /** Creates the endpoint if missing (idempotent) and returns it. */
  CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint);

  /** Sets all weights in one call and returns the split read back after the change. */
  CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split);

  CompletionStage<TrafficSplit> readWeights(EndpointRef endpoint);

  /** Removes the endpoint; removing a missing one succeeds. */
  CompletionStage<Void> deleteEndpoint(EndpointRef endpoint);
}
