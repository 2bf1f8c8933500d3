package io.flotilla.engine.bulk;

import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.model.ReleasePhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Endpoints for bulk tests, behind a real actor asked like sharded entities are: release requests start a release
 * (a repeated request id gets the release it made, as the real endpoint does), and each release ends after it has
 * been polled {@code pollsToFinish} times: promoted, or failed for versions ending in {@code -broken}. It counts
 * release starts, how many ran at once at most, and every request it received. {@code hold} swallows replies to
 * release requests (the release still starts), as a node dying between the endpoint's write and its answer would.
 */
final class FakeEndpoints implements EndpointAsker {
  private final ActorTestKit testKit;
  private final ActorRef<Addressed> actor;
  private final Duration askTimeout;
  final Set<String> known = new HashSet<>();
  final Map<String, String> serving = new HashMap<>();
  final List<String> requests = new ArrayList<>();
  volatile int pollsToFinish = 2;
  volatile boolean hold;
  volatile boolean finishing = true;
  private final Map<String, String> releaseByRequest = new HashMap<>();
  private final Map<String, Release> releases = new HashMap<>();
  private int started;
  private int running;
  private int mostRunning;

  private static final class Release {
    final String version;
    int polls;
    ReleasePhase phase;

    Release(String version) {
      this.version = version;
    }
  }

  FakeEndpoints(ActorTestKit testKit, Duration askTimeout, String... services) {
    this.testKit = testKit;
    this.askTimeout = askTimeout;
    this.known.addAll(List.of(services));
    this.actor = testKit.spawn(behavior());
  }

  @Override
  public CompletionStage<Reply> ask(String service, Function<ActorRef<Reply>, EndpointCommand> command) {
    return AskPattern.<Addressed, Reply>ask(actor, replyTo -> new Addressed(service, command.apply(replyTo)),
        askTimeout, testKit.scheduler());
  }

  synchronized int started() {
    return started;
  }

  synchronized int mostRunning() {
    return mostRunning;
  }

  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** Wraps a command with the service it is for, as sharding would route it. */
  private record Addressed(String service, EndpointCommand command) {}

  private Behavior<Addressed> behavior() {
    return Behaviors.receiveMessage(addressed -> {
      synchronized (this) {
        handle(addressed.service(), addressed.command());
      }
      return Behaviors.same();
    });
  }

  private void handle(String service, EndpointCommand command) {
    if (command instanceof EndpointCommand.RequestRelease request) {
      requests.add(service + " " + request.version() + " " + request.requestId());
      Reply reply = release(service, request);
      if (!hold) {
        request.replyTo().tell(reply);
      }
    } else if (command instanceof EndpointCommand.GetRelease get) {
      get.replyTo().tell(known.contains(service) ? progress(get.releaseId()) : Reply.notFound(service));
    } else if (command instanceof EndpointCommand.GetStatus get) {
      get.replyTo().tell(known.contains(service) ? new Reply.Accepted("exists", "", null, null)
          : Reply.notFound(service));
    }
  }

  private Reply release(String service, EndpointCommand.RequestRelease request) {
    if (!known.contains(service)) {
      return Reply.notFound(service);
    }
    String made = releaseByRequest.get(request.requestId());
    if (made != null) {
      return new Reply.Accepted("no-op", "already made " + made, made, null);
    }
    if (request.version().equals(serving.get(service))) {
      return new Reply.Accepted("no-op", "version " + request.version() + " already serves", null, null);
    }
    String releaseId = service + "-rel-" + (++started);
    releases.put(releaseId, new Release(request.version()));
    releaseByRequest.put(request.requestId(), releaseId);
    running++;
    mostRunning = Math.max(mostRunning, running);
    return new Reply.Accepted("started", "started", releaseId, 1);
  }

  private Reply progress(String releaseId) {
    Release release = releases.get(releaseId);
    if (release == null) {
      return new Reply.ReleaseProgress(releaseId, Reply.Standing.UNKNOWN, null, null, null);
    }
    if (release.phase == null && finishing && ++release.polls >= pollsToFinish) {
      release.phase = release.version.endsWith("-broken") ? ReleasePhase.FAILED : ReleasePhase.PROMOTED;
      running--;
    }
    return release.phase == null
        ? new Reply.ReleaseProgress(releaseId, Reply.Standing.ACTIVE, release.version, ReleasePhase.PROVISIONING, null)
        : new Reply.ReleaseProgress(releaseId, Reply.Standing.FINISHED, release.version, release.phase,
            release.phase == ReleasePhase.FAILED ? "never healthy" : null);
  }
}
