package io.flotilla.api;

import io.flotilla.engine.endpoint.EndpointEvent;

/**
 * One endpoint event as the feed delivers it: its id in the feed (see {@link FeedCursor}), and the account and region
 * of its service.
 */
record FeedEvent(String id, long sequenceNr, EndpointEvent event, String account, String region) {
  FeedEvent(String id, long sequenceNr, EndpointEvent event) {
    this(id, sequenceNr, event, null, null);
  }

  /** This event, placed in the account and region its service deploys to (null when unknown). */
  FeedEvent located(String inAccount, String inRegion) {
    return new FeedEvent(id, sequenceNr, event, inAccount, inRegion);
  }
}
