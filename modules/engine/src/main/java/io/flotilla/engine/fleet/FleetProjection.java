package io.flotilla.engine.fleet;

import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.endpoint.EndpointEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;

/**
 * The projection of the {@code endpoint} tag into {@link FleetTable}: at least once, offsets in Cassandra, events
 * handled in groups. One instance runs in the cluster, as a sharded daemon process, so it moves to another node when
 * its node leaves. One instance is enough: every endpoint event carries the one tag, which Cassandra reads back as
 * one stream, and a group of a few hundred events costs one write per service in it.
 */
final class FleetProjection {
  static final ProjectionId ID = ProjectionId.of("fleet-view", EndpointEntity.TAG);

  private FleetProjection() {}

  static void init(ActorSystem<?> system, FleetTable table, Consumer<List<FleetRow>> publish,
      FleetSettings settings) {
    SourceProvider<Offset, EventEnvelope<EndpointEvent>> events =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), EndpointEntity.TAG);
    CassandraReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    GroupedProjection<Offset, EventEnvelope<EndpointEvent>> projection = CassandraProjection
        .groupedWithin(ID, events, () -> new FleetProjectionHandler(table, journal, publish, system))
        .withGroup(settings.groupAfterEvents(), settings.groupAfterDuration())
        // after a failure (Cassandra unavailable), start again soon
        .withRestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, "fleet-view-projection", 1,
        instance -> ProjectionBehavior.create(projection), ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }
}
