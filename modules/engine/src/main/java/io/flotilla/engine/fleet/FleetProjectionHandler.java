package io.flotilla.engine.fleet;

import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.endpoint.EndpointEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a group of tagged endpoint events into {@link FleetTable}: each service's row is folded over its events in
 * the group and written once. Rows are kept in memory (loaded from the table when the handler starts) so a fold
 * needs no read. An event at or below a row's sequence number is a replay and changes nothing; an event past the
 * next expected one means the tag stream skipped some, and those are read from the service's own journal first, so
 * a row is always the fold of a gap-free prefix of its journal. After a write, the new rows go to every node's
 * {@link FleetIndex} through {@code publish}.
 */
final class FleetProjectionHandler
    extends Handler<List<org.apache.pekko.projection.eventsourced.EventEnvelope<EndpointEvent>>> {
  private static final Logger log = LoggerFactory.getLogger(FleetProjectionHandler.class);
  private static final String PREFIX = EndpointEntity.TYPE_KEY.name() + "|";

  private final FleetTable table;
  private final CurrentEventsByPersistenceIdQuery journal;
  private final Consumer<List<FleetRow>> publish;
  private final ActorSystem<?> system;
  // confined to this handler: the projection calls process once at a time
  private final Map<String, FleetRow> rows = new HashMap<>();

  FleetProjectionHandler(FleetTable table, CurrentEventsByPersistenceIdQuery journal,
      Consumer<List<FleetRow>> publish, ActorSystem<?> system) {
    this.table = table;
    this.journal = journal;
    this.publish = publish;
    this.system = system;
  }

  @Override
  public CompletionStage<Done> start() {
    return table.loadAll().thenApply(loaded -> {
      rows.clear();
      loaded.forEach(row -> rows.put(row.service(), row));
      log.info("fleet view projection started with {} rows", loaded.size());
      return Done.getInstance();
    });
  }

  @Override
  public CompletionStage<Done> process(
      List<org.apache.pekko.projection.eventsourced.EventEnvelope<EndpointEvent>> envelopes) {
    Map<String, List<Sequenced>> byService = new LinkedHashMap<>();
    for (var envelope : envelopes) {
      if (envelope.persistenceId().startsWith(PREFIX)) {
        byService.computeIfAbsent(envelope.persistenceId().substring(PREFIX.length()), service -> new ArrayList<>())
            .add(new Sequenced(envelope.sequenceNr(), envelope.event()));
      }
    }
    List<CompletableFuture<FleetRow>> folds = new ArrayList<>();
    byService.forEach((service, events) -> folds.add(
        fold(rows.getOrDefault(service, FleetRow.empty(service)), events).toCompletableFuture()));
    return CompletableFuture.allOf(folds.toArray(CompletableFuture[]::new)).thenCompose(all -> {
      List<FleetRow> changed = new ArrayList<>();
      for (CompletableFuture<FleetRow> fold : folds) {
        FleetRow row = fold.join();
        if (row.seqNr() > rows.getOrDefault(row.service(), FleetRow.empty(row.service())).seqNr()) {
          changed.add(row);
        }
      }
      return table.write(changed).thenApply(done -> {
        log.debug("fleet view: {} events, {} rows written", envelopes.size(), changed.size());
        changed.forEach(row -> rows.put(row.service(), row));
        publish.accept(changed);
        return done;
      });
    });
  }

  /** Folds the events in order, first reading from the journal any that the tag stream skipped. */
  private CompletionStage<FleetRow> fold(FleetRow row, List<Sequenced> events) {
    FleetRow current = row;
    for (int i = 0; i < events.size(); i++) {
      Sequenced next = events.get(i);
      if (next.seqNr() > current.seqNr() + 1) {
        List<Sequenced> rest = events.subList(i, events.size());
        return missing(current, next.seqNr() - 1).thenCompose(filled -> fold(filled, rest));
      }
      current = FleetRowFold.apply(current, next.seqNr(), next.event());
    }
    return CompletableFuture.completedFuture(current);
  }

  private CompletionStage<FleetRow> missing(FleetRow row, long toSeqNr) {
    log.info("fleet view: events {}..{} of {} came not by tag; reading them from its journal", row.seqNr() + 1,
        toSeqNr, row.service());
    Source<EventEnvelope, NotUsed> events =
        journal.currentEventsByPersistenceId(PREFIX + row.service(), row.seqNr() + 1, toSeqNr);
    return events.runWith(Sink.fold(row, (folded, envelope) -> envelope.event() instanceof EndpointEvent event
        ? FleetRowFold.apply(folded, envelope.sequenceNr(), event) : folded), system)
        .thenApply(folded -> {
          if (folded.seqNr() < toSeqNr) {
            // the journal has fewer events than the tag stream implies: go on from what there is
            log.warn("fleet view: {} has no events {}..{} in its journal", row.service(), folded.seqNr() + 1,
                toSeqNr);
            return FleetRowFold.skipTo(folded, toSeqNr);
          }
          return folded;
        });
  }

  private record Sequenced(long seqNr, EndpointEvent event) {}
}
