package io.flotilla.api;

import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.endpoint.EndpointEvent;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Endpoint events from the journal, as finite sources (what is stored now, for JSON pages) or live ones (for SSE).
 * One service's events come from its own journal, ids are sequence numbers; the fleet's come from the tag every
 * endpoint event carries, ids are tag offsets.
 */
public final class EventFeed {
  private final EventJournal journal;

  public EventFeed(EventJournal journal) {
    this.journal = journal;
  }

  static String persistenceId(String service) {
    return PersistenceId.of(EndpointEntity.TYPE_KEY.name(), service).id();
  }

  /** The service's events after sequence number {@code after}, from {@code since} on. */
  Source<FeedEvent, NotUsed> ofService(String service, long after, Optional<Instant> since, boolean live) {
    String persistenceId = persistenceId(service);
    Source<EventEnvelope, NotUsed> envelopes = live
        ? journal.liveByPersistenceId().eventsByPersistenceId(persistenceId, after + 1, Long.MAX_VALUE)
        : journal.currentByPersistenceId().currentEventsByPersistenceId(persistenceId, after + 1, Long.MAX_VALUE);
    Source<FeedEvent, NotUsed> events = envelopes
        .filter(envelope -> envelope.event() instanceof EndpointEvent)
        .map(envelope -> new FeedEvent(Long.toString(envelope.sequenceNr()), envelope.sequenceNr(),
            (EndpointEvent) envelope.event()));
    // one service's events are in time order: once one is recent enough, all that follow are
    return since.map(start -> events.dropWhile(event -> event.event().at().isBefore(start))).orElse(events);
  }

  /** Every endpoint's events after {@code offset}. */
  Source<FeedEvent, NotUsed> ofFleet(Offset offset, boolean live) {
    Source<EventEnvelope, NotUsed> envelopes = live
        ? journal.liveByTag().eventsByTag(EndpointEntity.TAG, offset)
        : journal.currentByTag().currentEventsByTag(EndpointEntity.TAG, offset);
    return envelopes
        .filter(envelope -> envelope.event() instanceof EndpointEvent)
        .map(envelope -> new FeedEvent(FeedCursor.of(envelope.offset()), envelope.sequenceNr(),
            (EndpointEvent) envelope.event()));
  }

  /** The journal offset just before {@code instant}. */
  Offset offsetAt(Instant instant) {
    return journal.offsetAt().apply(instant);
  }

  /** The spec revisions of {@code service}, oldest first, from its {@code SpecChanged} events. */
  Source<EndpointEvent.SpecChanged, NotUsed> revisions(String service) {
    return journal.currentByPersistenceId()
        .currentEventsByPersistenceId(persistenceId(service), 0, Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .collectType(EndpointEvent.SpecChanged.class);
  }
}
