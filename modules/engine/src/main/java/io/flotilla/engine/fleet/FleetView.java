package io.flotilla.engine.fleet;

import io.flotilla.engine.fleet.FleetViewUpdater.RowsChanged;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The fleet view (DESIGN §8) on one node: the cluster's projection of endpoint events into the
 * {@code fleet_services} table ({@link FleetProjection}), and this node's in-memory copy of that table
 * ({@link FleetIndex}), which answers queries. The projection pushes each row it writes to every node over a
 * distributed pub-sub topic, so a node's copy trails the journal by the tag query's delay plus one message; each node
 * also reads the whole table at start and every {@code reload-interval}.
 */
public final class FleetView {
  private final FleetIndex index;
  private final CompletableFuture<Void> firstLoad;
  private final FleetSettings settings;

  private FleetView(FleetIndex index, CompletableFuture<Void> firstLoad, FleetSettings settings) {
    this.index = index;
    this.firstLoad = firstLoad;
    this.settings = settings;
  }

  /**
   * Starts this node's copy, and the projection (or its share of the cluster's one instance).
   *
   * @param journalReady completes once the journal and snapshot store are initialised (see {@link FleetTable})
   */
  public static FleetView init(ActorSystem<?> system, Supplier<CompletionStage<?>> journalReady) {
    FleetSettings settings = FleetSettings.from(system.settings().config());
    FleetTable table = FleetTable.create(system, journalReady);
    ActorRef<Topic.Command<RowsChanged>> topic = system.systemActorOf(
        Topic.create(RowsChanged.class, "fleet-view"), "fleet-view-topic", Props.empty());
    FleetIndex index = new FleetIndex();
    CompletableFuture<Void> firstLoad = new CompletableFuture<>();
    system.systemActorOf(FleetViewUpdater.create(table, index, topic, settings, firstLoad), "fleet-view",
        Props.empty());
    // the projection reads its offset tables as it starts: create them first
    whenSchemaExists(system, table, settings.reloadRetry(),
        () -> FleetProjection.init(system, table, rows -> publish(topic, rows, settings.publishChunk()), settings));
    return new FleetView(index, firstLoad, settings);
  }

  /** Completes once this node has read the table for the first time; until then queries wait. */
  public CompletionStage<Void> loaded() {
    return firstLoad.copy();
  }

  /**
   * Whether this node's copy lists {@code service} as registered; false also before the first read of the table.
   * Answered from memory, so it works while Cassandra is unavailable.
   */
  public boolean lists(String service) {
    return firstLoad.isDone() && index.get(service).filter(FleetRow::registered).isPresent();
  }

  /** One page of services; waits for this node's first read of the table (up to {@code load-timeout}). */
  public CompletionStage<FleetPage> query(FleetQuery query) {
    if (firstLoad.isDone()) {
      return CompletableFuture.completedFuture(index.query(query));
    }
    return firstLoad.copy().orTimeout(settings.loadTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(loaded -> index.query(query));
  }

  private static void whenSchemaExists(ActorSystem<?> system, FleetTable table, Duration retry, Runnable then) {
    table.ensureSchema().whenComplete((done, failure) -> {
      if (failure == null) {
        then.run();
      } else {
        system.scheduler().scheduleOnce(retry, () -> whenSchemaExists(system, table, retry, then),
            system.executionContext());
      }
    });
  }

  private static void publish(ActorRef<Topic.Command<RowsChanged>> topic, List<FleetRow> rows, int chunk) {
    for (int from = 0; from < rows.size(); from += chunk) {
      topic.tell(Topic.publish(new RowsChanged(rows.subList(from, Math.min(rows.size(), from + chunk)))));
    }
  }
}
