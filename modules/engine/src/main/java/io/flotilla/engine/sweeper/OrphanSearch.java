package io.flotilla.engine.sweeper;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.Placement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The reading half of a sweep: scans each placement through the inventory port, keeps the environments tagged with
 * our owner, and asks each of their services, once per service, which environments it knows. At most
 * {@code parallelism} scans and questions run at once, each bounded by its timeout. It never fails: a placement or
 * service that cannot be read is named in the observation's errors instead.
 */
final class OrphanSearch {
  private final InventoryPort inventory;
  private final EnvironmentOwnership ownership;
  private final String owner;
  private final int parallelism;
  private final Duration scanTimeout;
  private final Duration askTimeout;
  private final ActorSystem<?> system;

  OrphanSearch(InventoryPort inventory, EnvironmentOwnership ownership, String owner, int parallelism,
      Duration scanTimeout, Duration askTimeout, ActorSystem<?> system) {
    this.inventory = inventory;
    this.ownership = ownership;
    this.owner = owner;
    this.parallelism = parallelism;
    this.scanTimeout = scanTimeout;
    this.askTimeout = askTimeout;
    this.system = system;
  }

  private record Scan(Placement placement, Inventory inventory, String error) {}

  private record Answer(String service, EnvironmentOwnership.Known known, String error) {}

  CompletionStage<Observation> run(Set<Placement> placements) {
    List<Placement> ordered = placements.stream()
        .sorted(Comparator.comparing(Placement::account).thenComparing(Placement::region)).toList();
    return Source.from(ordered)
        .mapAsync(parallelism, placement -> bounded(() -> inventory.scan(placement), scanTimeout)
            .handle((scanned, error) -> new Scan(placement, scanned, error == null ? null : describe(error))))
        .runWith(Sink.seq(), system)
        .thenCompose(this::askOwners);
  }

  private CompletionStage<Observation> askOwners(List<Scan> scans) {
    List<Placement> scanned = new ArrayList<>();
    List<EnvironmentInfo> tagged = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Scan scan : scans) {
      if (scan.error() != null) {
        errors.add("scan of " + scan.placement().account() + "/" + scan.placement().region() + " failed: "
            + scan.error());
        continue;
      }
      scanned.add(scan.placement());
      scan.inventory().environments().stream().filter(env -> SweepDecisions.ours(env, owner)).forEach(tagged::add);
    }
    List<String> services = tagged.stream().map(EnvironmentInfo::service).distinct().sorted().toList();
    return Source.from(services)
        .mapAsync(parallelism, service -> bounded(() -> ownership.known(service), askTimeout)
            .handle((known, error) -> new Answer(service, known, error == null ? null : describe(error))))
        .runWith(Sink.seq(), system)
        .thenApply(answers -> {
          Map<String, EnvironmentOwnership.Known> owners = new LinkedHashMap<>();
          for (Answer answer : answers) {
            if (answer.error() != null) {
              errors.add("service '" + answer.service() + "' did not answer: " + answer.error());
            } else {
              owners.put(answer.service(), answer.known());
            }
          }
          return new Observation(scanned, tagged, owners, errors);
        });
  }

  /** The call's stage with a timeout; a call that throws instead of returning a stage fails the stage. */
  static <T> CompletableFuture<T> bounded(Supplier<CompletionStage<T>> call, Duration timeout) {
    try {
      return call.get().toCompletableFuture().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static String describe(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException) {
      return "timed out";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
