package io.flotilla.api;

import io.flotilla.engine.Endpoints;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointEntity;
import io.flotilla.engine.endpoint.StatusView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The fleet view the slow way: every endpoint persistence id in the journal, sorted by name, each entity asked for
 * its status with bounded parallelism, filtered, then paged. Cost grows with the fleet (and a page deep in the
 * list asks every entity before it); it stands in until the read model exists. Deleted services are not listed.
 */
public final class JournalServiceDirectory implements ServiceDirectory {
  private static final String PREFIX = EndpointEntity.TYPE_KEY.name() + "|";

  private final CurrentPersistenceIdsQuery persistenceIds;
  private final Endpoints endpoints;
  private final int parallelism;
  private final ActorSystem<?> system;

  public JournalServiceDirectory(CurrentPersistenceIdsQuery persistenceIds, Endpoints endpoints, int parallelism,
      ActorSystem<?> system) {
    this.persistenceIds = persistenceIds;
    this.endpoints = endpoints;
    this.parallelism = parallelism;
    this.system = system;
  }

  @Override
  public CompletionStage<Page> list(Filter filter, int offset, int limit) {
    return persistenceIds.currentPersistenceIds()
        .filter(id -> id.startsWith(PREFIX))
        .map(id -> id.substring(PREFIX.length()))
        .runWith(Sink.seq(), system)
        .thenCompose(names -> {
          List<String> sorted = new ArrayList<>(names);
          sorted.sort(null);
          return Source.from(sorted)
              .mapAsync(parallelism, name -> endpoints.ask(name, EndpointCommand.GetStatus::new))
              .collectType(StatusView.class)
              .map(ServiceSummary::of)
              .filter(filter::matches)
              .drop(offset)
              .take(limit + 1L)
              .runWith(Sink.seq(), system);
        })
        .thenApply(found -> new Page(found.subList(0, Math.min(limit, found.size())), offset, limit,
            found.size() > limit ? offset + limit : null));
  }
}
