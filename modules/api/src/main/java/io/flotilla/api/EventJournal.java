package io.flotilla.api;

import java.time.Instant;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;

/**
 * The read-journal queries the API uses, through Pekko's generic query interfaces so the feed is not tied to one
 * journal. {@code offsetAt} turns a point in time into the journal's offset for tag queries (a time-based UUID on
 * Cassandra). {@link #cassandra} wires all of them to pekko-persistence-cassandra.
 */
public record EventJournal(
    CurrentEventsByPersistenceIdQuery currentByPersistenceId,
    EventsByPersistenceIdQuery liveByPersistenceId,
    CurrentEventsByTagQuery currentByTag,
    EventsByTagQuery liveByTag,
    CurrentPersistenceIdsQuery persistenceIds,
    Function<Instant, Offset> offsetAt) {

  public static EventJournal cassandra(ActorSystem<?> system) {
    CassandraReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    return new EventJournal(journal, journal, journal, journal, journal,
        instant -> journal.timeBasedUUIDFrom(instant.toEpochMilli()));
  }
}
