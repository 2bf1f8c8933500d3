package io.flotilla.engine.bulk;

import io.flotilla.engine.bulk.BulkCommand.Answer;
import io.flotilla.engine.bulk.BulkCommand.Observation;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The asks of one bulk incarnation, none of them persisted: release requests of starting items, progress of items
 * in flight, and (all or nothing) the existence check. They run as streams bound to the entity (they stop with it),
 * with bounded parallelism, and report back as commands. {@link #drive} rebuilds what must run from the state, so
 * a bulk restarted on another node asks again, with the same request ids, whatever was not answered.
 */
final class BulkEffects {
  private final String bulkId;
  private final EndpointAsker endpoints;
  private final BulkSettings settings;
  private final ActorContext<BulkCommand> context;
  private final Materializer materializer;
  // the streams report from their own threads: they use this, never the context
  private final ActorRef<BulkCommand> self;
  // starting items whose release request is in flight, and those whose last ask failed (asked again on the next poll)
  private final Set<Integer> asking = new HashSet<>();
  private final Set<Integer> failedAsks = new HashSet<>();
  // what the endpoints last reported of releases in flight, for the view
  private final Map<Integer, Reply.ReleaseProgress> observed = new HashMap<>();
  private boolean polling;
  // the last item index asked in the previous poll round (rounds take turns through the items in flight)
  private int polledUpTo = -1;
  private boolean checking;

  BulkEffects(String bulkId, EndpointAsker endpoints, BulkSettings settings, ActorContext<BulkCommand> context) {
    this.bulkId = bulkId;
    this.endpoints = endpoints;
    this.settings = settings;
    this.context = context;
    this.materializer = Materializer.createMaterializer(context);
    this.self = context.getSelf();
  }

  /** Starts whatever the state needs and is not running: the existence check, release requests. */
  void drive(BulkState state) {
    if (!state.created() || state.finished()) {
      return;
    }
    if (state.phase() == BulkPhase.VALIDATING) {
      if (!checking) {
        checkServices(state);
      }
      return;
    }
    // cheap test first: every starting item is either being asked or waits for the next poll
    if (state.count(ItemStatus.STARTING) > asking.size() + failedAsks.size()) {
      List<Integer> toAsk = state.indexesWith(ItemStatus.STARTING).stream()
          .filter(index -> !asking.contains(index) && !failedAsks.contains(index))
          .toList();
      requestReleases(state, toAsk);
    }
  }

  /**
   * On the poll timer: asks again what failed, and asks how releases in flight stand: at most {@code poll-batch} of
   * them per round, taking turns in index order, so that a bulk with thousands in flight keeps its endpoints' load
   * bounded (each item is then looked at every {@code in flight / poll-batch} rounds).
   */
  void poll(BulkState state) {
    failedAsks.clear();
    drive(state);
    if (polling || state.count(ItemStatus.IN_FLIGHT) == 0) {
      return;
    }
    polling = true;
    List<Integer> round = nextRound(state.indexesWith(ItemStatus.IN_FLIGHT), polledUpTo, settings.pollBatch());
    polledUpTo = round.get(round.size() - 1);
    CompletionStage<List<Observation>> asked = Source.from(round)
        .mapAsyncUnordered(settings.askParallelism(), index -> {
          BulkItem item = state.items().get(index);
          return endpoints.ask(item.service(), replyTo -> new EndpointCommand.GetRelease(item.releaseId(), replyTo))
              .handle((reply, failure) -> new Observation(index, reply, failure == null ? null : failure.toString()));
        })
        .runWith(Sink.seq(), materializer);
    context.pipeToSelf(asked, (observations, failure) -> new BulkCommand.Observed(
        observations != null ? observations : List.of()));
  }

  /** Up to {@code batch} of {@code inFlight} (ascending), starting after index {@code after}, wrapping around. */
  static List<Integer> nextRound(List<Integer> inFlight, int after, int batch) {
    if (inFlight.size() <= batch) {
      return inFlight;
    }
    int start = 0;
    while (start < inFlight.size() && inFlight.get(start) <= after) {
      start++;
    }
    List<Integer> round = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      round.add(inFlight.get((start + i) % inFlight.size()));
    }
    return round;
  }

  void answered(List<Answer> answers) {
    for (Answer answer : answers) {
      asking.remove(answer.index());
      if (answer.failure() != null) {
        failedAsks.add(answer.index());
        context.getLog().debug("bulk {}: item {} could not be asked: {}", bulkId, answer.index(), answer.failure());
      }
    }
  }

  /** A poll round's answers; what is kept for the view is pruned of items no longer in flight in {@code state}. */
  void observed(List<Observation> observations, BulkState state) {
    polling = false;
    observed.keySet().removeIf(index -> state.items().get(index).status() != ItemStatus.IN_FLIGHT);
    for (Observation observation : observations) {
      if (observation.reply() instanceof Reply.ReleaseProgress progress) {
        observed.put(observation.index(), progress);
      }
    }
  }

  void servicesChecked() {
    checking = false;
  }

  /** What the endpoint last reported of the item's release, if anything. */
  Reply.ReleaseProgress observedOf(int index) {
    return observed.get(index);
  }

  private void requestReleases(BulkState state, List<Integer> indexes) {
    asking.addAll(indexes);
    Source.from(indexes)
        .mapAsyncUnordered(settings.askParallelism(), index -> {
          BulkItem item = state.items().get(index);
          String requestId = BulkItem.requestId(bulkId, index);
          return endpoints.ask(item.service(),
                  replyTo -> new EndpointCommand.RequestRelease(item.version(), requestId, state.requestedBy(),
                      replyTo))
              .handle((reply, failure) -> new Answer(index, reply, failure == null ? null : failure.toString()));
        })
        .groupedWithin(settings.answerBatch(), settings.answerWindow())
        .runForeach(batch -> self.tell(new BulkCommand.Answered(List.copyOf(batch))), materializer)
        .whenComplete((done, failure) -> {
          if (failure != null) {
            // the asks were cut off (the entity is stopping): whatever was not answered is asked again later
            self.tell(new BulkCommand.Answered(indexes.stream()
                .map(index -> new Answer(index, null, "asks stopped: " + failure)).toList()));
          }
        });
  }

  private void checkServices(BulkState state) {
    checking = true;
    List<Integer> pending = state.indexesWith(ItemStatus.PENDING);
    CompletionStage<List<Observation>> check = Source.from(pending)
        .mapAsyncUnordered(settings.askParallelism(), index -> endpoints.ask(state.items().get(index).service(),
                EndpointCommand.GetStatus::new)
            .handle((reply, failure) -> new Observation(index, reply, failure == null ? null : failure.toString())))
        .runWith(Sink.seq(), materializer);
    context.pipeToSelf(check, (results, failure) -> {
      if (results == null) {
        return new BulkCommand.ServicesChecked(List.of(), pending.size());
      }
      List<Integer> unknown = results.stream()
          .filter(result -> result.reply() instanceof Reply.Rejected rejected
              && rejected.code() == Reply.Code.NOT_FOUND)
          .map(Observation::index).sorted().toList();
      int failed = (int) results.stream().filter(result -> result.failure() != null).count();
      return new BulkCommand.ServicesChecked(unknown, failed);
    });
  }
}
