package io.flotilla.cloud;

import java.util.concurrent.CompletionStage;

/** The endpoint's weighted routing. */
public interface TrafficPort {
  /** Creates the endpoint if missing (idempotent) and returns it. */
  CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint);

  /** {@link #ensureEndpoint(EndpointRef)} at a priority; providers without rate limits ignore it. */
  default CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint, CallPriority priority) {
    return ensureEndpoint(endpoint);
  }

  /** Sets all weights in one call and returns the split read back after the change. */
  CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split);

  /**
   * {@link #setWeights(EndpointRef, TrafficSplit)} at a priority ({@link CallPriority#ROLLBACK} when traffic goes
   * back to the old version); providers without rate limits ignore it.
   */
  default CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split, CallPriority priority) {
    return setWeights(endpoint, split);
  }

  CompletionStage<TrafficSplit> readWeights(EndpointRef endpoint);

  /** Removes the endpoint; removing a missing one succeeds. */
  CompletionStage<Void> deleteEndpoint(EndpointRef endpoint);
}
