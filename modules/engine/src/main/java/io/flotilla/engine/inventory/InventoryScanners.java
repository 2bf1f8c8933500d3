package io.flotilla.engine.inventory;

import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.Placement;
import io.flotilla.engine.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One per node: serves the live state of an (account, region) to the entities that reconcile against it. A scan
 * covers every endpoint of the placement in one cloud call; scans younger than {@code maxAge} are shared, and
 * concurrent requests for the same placement wait for the one scan in flight.
 */
public final class InventoryScanners extends AbstractBehavior<InventoryScanners.Command> {

  /** Messages of the scanner. */
  public sealed interface Command extends CborSerializable {}

  /** Ask for a scan of {@code placement} no older than the scanner's maximum age. */
  public record Get(Placement placement, ActorRef<Inventory> replyTo) implements Command {}

  private record Scanned(Placement placement, Inventory inventory, Throwable error) implements Command {}

  private final InventoryPort inventory;
  private final Duration maxAge;
  private final Duration timeout;
  private final Clock clock;
  private final Map<Placement, Inventory> latest = new HashMap<>();
  private final Map<Placement, List<ActorRef<Inventory>>> waiting = new HashMap<>();

  private InventoryScanners(ActorContext<Command> context, InventoryPort inventory, Duration maxAge, Duration timeout,
      Clock clock) {
    super(context);
    this.inventory = inventory;
    this.maxAge = maxAge;
    this.timeout = timeout;
    this.clock = clock;
  }

  public static Behavior<Command> create(InventoryPort inventory, Duration maxAge, Duration timeout, Clock clock) {
    return Behaviors.setup(context -> new InventoryScanners(context, inventory, maxAge, timeout, clock));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Get.class, this::onGet)
        .onMessage(Scanned.class, this::onScanned)
        .build();
  }

  private Behavior<Command> onGet(Get get) {
    Inventory cached = latest.get(get.placement());
    if (cached != null && cached.scannedAt().plus(maxAge).isAfter(clock.instant())) {
      get.replyTo().tell(cached);
      return this;
    }
    List<ActorRef<Inventory>> waiters = waiting.get(get.placement());
    if (waiters != null) {
      waiters.add(get.replyTo());
      return this;
    }
    waiters = new ArrayList<>();
    waiters.add(get.replyTo());
    waiting.put(get.placement(), waiters);
    getContext().pipeToSelf(inventory.scan(get.placement()).toCompletableFuture()
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS),
        (result, error) -> new Scanned(get.placement(), result, error));
    return this;
  }

  private Behavior<Command> onScanned(Scanned scanned) {
    List<ActorRef<Inventory>> waiters = waiting.remove(scanned.placement());
    if (scanned.error() != null) {
      // entities simply get no answer this round; their ask times out and they reconcile at the next interval
      getContext().getLog().warn("inventory scan of {} failed: {}", scanned.placement(), scanned.error().toString());
      return this;
    }
    latest.put(scanned.placement(), scanned.inventory());
    if (waiters != null) {
      waiters.forEach(waiter -> waiter.tell(scanned.inventory()));
    }
    return this;
  }
}
