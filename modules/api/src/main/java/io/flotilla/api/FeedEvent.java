package io.flotilla.api;

import io.flotilla.engine.endpoint.EndpointEvent;

/** One endpoint event as the feed delivers it: its id in the feed (see {@link FeedCursor}) and where it came from. */
record FeedEvent(String id, long sequenceNr, EndpointEvent event) {}
