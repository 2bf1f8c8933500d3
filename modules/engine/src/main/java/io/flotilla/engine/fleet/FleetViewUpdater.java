package io.flotilla.engine.fleet;

import io.flotilla.engine.CborSerializable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Keeps one node's {@link FleetIndex} current: rows the projection wrote arrive on the fleet topic as it writes them;
 * a full read of the table at start, and every {@code reload-interval} after, fills in anything a lost message or
 * a late subscription missed. It subscribes before the first read, so nothing falls between the two.
 */
final class FleetViewUpdater {
  private FleetViewUpdater() {}

  sealed interface Command {}

  /** Rows the projection just wrote; published on the fleet topic to every node. */
  record RowsChanged(List<FleetRow> rows) implements Command, CborSerializable {
    RowsChanged {
      rows = List.copyOf(rows);
    }
  }

  private enum Reload implements Command { INSTANCE }

  private record Loaded(List<FleetRow> rows) implements Command {}

  private record LoadFailed(Throwable cause) implements Command {}

  static Behavior<Command> create(FleetTable table, FleetIndex index, ActorRef<Topic.Command<RowsChanged>> topic,
      FleetSettings settings, CompletableFuture<Void> firstLoad) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      topic.tell(Topic.subscribe(context.getSelf().narrow()));
      context.getSelf().tell(Reload.INSTANCE);
      return Behaviors.receive(Command.class)
          .onMessage(RowsChanged.class, changed -> {
            index.putAll(changed.rows());
            return Behaviors.same();
          })
          .onMessageEquals(Reload.INSTANCE, () -> {
            context.pipeToSelf(table.ensureSchema().thenCompose(done -> table.loadAll()),
                (rows, failure) -> rows != null ? new Loaded(rows) : new LoadFailed(failure));
            return Behaviors.same();
          })
          .onMessage(Loaded.class, loaded -> {
            index.putAll(loaded.rows());
            firstLoad.complete(null);
            timers.startSingleTimer(Reload.INSTANCE, settings.reloadInterval());
            return Behaviors.same();
          })
          .onMessage(LoadFailed.class, failed -> {
            if (firstLoad.isDone()) {
              context.getLog().warn("reading the fleet view table failed, trying again in {}: {}",
                  settings.reloadRetry(), failed.cause().toString());
            } else {
              // a node starting: the journal, then this table, are being set up
              context.getLog().info("the fleet view table is not readable yet, trying again in {}: {}",
                  settings.reloadRetry(), failed.cause().toString());
            }
            timers.startSingleTimer(Reload.INSTANCE, settings.reloadRetry());
            return Behaviors.same();
          })
          .build();
    }));
  }
}
