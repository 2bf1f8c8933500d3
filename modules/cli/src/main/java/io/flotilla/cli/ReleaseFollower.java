package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows one release of a service until it ends and answers its outcome. Events come from the live feed
 * ({@link EventStream}); the service's status is polled as well, to draw the progress and as the fallback when the
 * feed is unavailable: the release has ended when its end event arrives, or when the status says so and the feed is
 * down or has had time to deliver the end event.
 */
final class ReleaseFollower {
  private static final Duration POLL_WITH_EVENTS = Duration.ofSeconds(5);
  private static final Duration POLL_WITHOUT_EVENTS = Duration.ofSeconds(1);
  // the status may show the end a moment before the feed delivers its event: wait that long for it
  private static final Duration EVENT_GRACE = Duration.ofSeconds(3);
  private static final Duration TICK = Duration.ofMillis(250);

  private final Session session;
  private final String service;
  private final FollowOptions options;
  private final Clock clock;
  private boolean unreachableNoted;
  // notes go above the progress bar on a terminal, else to stderr
  private ReleaseView view;
  private boolean bar;

  /** How a followed release ended: its final phase, and the release's JSON when the status still had it. */
  record Outcome(String phase, Optional<JsonNode> release, int exitCode) {}

  ReleaseFollower(Session session, String service, FollowOptions options) {
    this.session = session;
    this.service = service;
    this.options = options;
    this.clock = session.environment().clock();
  }

  Outcome follow(String releaseId) {
    Output output = session.output();
    EventText text = new EventText(clock.getZone(), false);
    ReleaseProgress progress = new ReleaseProgress(releaseId);
    JsonNode status = status();
    text.learn(status);
    ReleaseLocation located = ReleaseLocation.in(status, releaseId);
    if (located.finished()) {
      return finish(located, progress, ReleaseView.of(output.out(), false, 0));
    }
    if (located.where() == ReleaseLocation.Where.MISSING) {
      throw new CliException("release " + releaseId + " of '" + service + "' is neither in flight nor queued, nor in"
          + " the service's recent history");
    }
    located.apply(progress);
    Instant started = clock.instant();
    Optional<Instant> deadline = options.timeout().map(started::plus);
    bar = output.terminal() && !output.json() && !options.plain;
    view = ReleaseView.of(output.out(), bar, columns());

    BlockingQueue<EventStream.Signal> signals = new LinkedBlockingQueue<>();
    Instant since = located.requestedAt().orElse(started.minus(Duration.ofMinutes(1)));
    Map<String, Object> query = ApiPaths.parameters();
    query.put("service", service);
    query.put("since", since);
    String path = ApiPaths.withQuery(ApiClient.API + "/events", query);
    boolean streaming = true;
    boolean warnedBroken = false;
    boolean sawQueued = located.where() == ReleaseLocation.Where.QUEUED;
    String lastPolledState = "";
    Instant nextPoll = started.plus(POLL_WITH_EVENTS);
    Instant endSeenInStatus = null;
    String endPhase = null;
    try (EventStream stream = EventStream.start(session.api(), path, Optional.empty(), signals)) {
      while (endPhase == null) {
        EventStream.Signal signal = poll(signals);
        if (signal instanceof EventStream.Event event) {
          JsonNode json = ApiClient.parse(event.message().data());
          if (json != null) {
            endPhase = onEvent(json, releaseId, text, progress, view, output);
          }
        } else if (signal instanceof EventStream.Unsupported unsupported) {
          streaming = false;
          notice("live events unavailable (" + unsupported.why() + "); following the status instead");
        } else if (signal instanceof EventStream.Broken broken && !warnedBroken) {
          warnedBroken = true;
          notice("event stream interrupted (" + broken.why() + "); reconnecting, and following the status");
        }
        Instant now = clock.instant();
        if (endPhase == null && !now.isBefore(nextPoll)) {
          nextPoll = now.plus(streaming ? POLL_WITH_EVENTS : POLL_WITHOUT_EVENTS);
          Optional<JsonNode> polled = pollStatus();
          if (polled.isEmpty()) {
            continue;
          }
          status = polled.get();
          text.learn(status);
          located = ReleaseLocation.in(status, releaseId);
          sawQueued |= located.where() == ReleaseLocation.Where.QUEUED;
          if (located.where() == ReleaseLocation.Where.MISSING && sawQueued) {
            endPhase = "Superseded";
          } else if (located.finished()) {
            endSeenInStatus = endSeenInStatus == null ? now : endSeenInStatus;
            if (!streaming || Duration.between(endSeenInStatus, now).compareTo(EVENT_GRACE) >= 0) {
              endPhase = located.phase();
            }
            nextPoll = now.plus(TICK);
          } else {
            located.apply(progress);
          }
          if (!streaming && !output.json()) {
            String state = progress.phase() + " " + progress.step();
            if (!state.equals(lastPolledState)) {
              lastPolledState = state;
              view.line(Times.clock(now, clock.getZone()) + "  " + progress.render(now, started));
            }
          }
        }
        if (endPhase == null && deadline.isPresent() && now.isAfter(deadline.get())) {
          view.finish();
          bar = false;
          notice("still " + progress.phase() + " after " + options.timeout + "; " + releaseId
              + " goes on without the CLI (flotilla status " + service + ")");
          return new Outcome(progress.phase(), located.release(), ExitCodes.TIMED_OUT);
        }
        if (!output.json()) {
          view.progress(progress.render(now, started));
        }
      }
    }
    view.finish();
    ReleaseLocation end = pollStatus().map(last -> ReleaseLocation.in(last, releaseId))
        .orElse(new ReleaseLocation(ReleaseLocation.Where.MISSING, null, endPhase));
    return finish(end.finished() ? end
        : new ReleaseLocation(ReleaseLocation.Where.HISTORY, end.release().orElse(null), endPhase), progress, view);
  }

  /**
   * The status, or empty while the server cannot be reached or answers 5xx (a node restarting): following goes on
   * and says so once. A 4xx is final (e.g. the service was deleted).
   */
  private Optional<JsonNode> pollStatus() {
    try {
      JsonNode status = status();
      unreachableNoted = false;
      return Optional.of(status);
    } catch (ApiFailure failure) {
      if (failure.status() / 100 == 4) {
        throw failure;
      }
      noteUnreachable(failure);
    } catch (CliException unreachable) {
      noteUnreachable(unreachable);
    }
    return Optional.empty();
  }

  private void noteUnreachable(CliException failure) {
    if (!unreachableNoted) {
      unreachableNoted = true;
      notice(failure.getMessage() + "; still following, retrying");
    }
  }

  private void notice(String text) {
    if (bar) {
      view.line(text);
    } else {
      session.output().note(text);
    }
  }

  /** Shows one event; answers the release's final phase when the event ends it. */
  private String onEvent(JsonNode event, String releaseId, EventText text, ReleaseProgress progress,
      ReleaseView view, Output output) {
    String type = event.path("type").asText();
    JsonNode data = event.path("data");
    if (output.json()) {
      output.json(event);
    } else {
      view.line(text.line(event));
    }
    if (releaseId.equals(data.path("replacedId").asText(null)) && type.equals("QueuedReleaseReplaced")) {
      return "Superseded";
    }
    String eventRelease = data.path("releaseId").asText(data.path("release").path("id").asText(""));
    if (!releaseId.equals(eventRelease)) {
      return null;
    }
    progress.fromEvent(type, data);
    return switch (type) {
      case "ReleasePromoted" -> "Promoted";
      case "ReleaseRolledBack" -> "RolledBack";
      case "ReleaseFailed" -> "Failed";
      case "ReleaseAborted" -> "Aborted";
      case "QueuedReleaseSkipped" -> "Skipped";
      default -> null;
    };
  }

  private Outcome finish(ReleaseLocation located, ReleaseProgress progress, ReleaseView view) {
    view.finish();
    Output output = session.output();
    String phase = located.phase();
    JsonNode release = located.release().orElse(null);
    if (output.json()) {
      if (release != null) {
        output.json(release);
      }
    } else {
      StringBuilder summary = new StringBuilder(phase).append(": ").append(service);
      if (release != null) {
        summary.append(' ').append(release.path("version").asText()).append(" (")
            .append(release.path("id").asText()).append(')');
        elapsed(release).ifPresent(duration -> summary.append(" after ").append(duration));
        if (!"Promoted".equals(phase) && release.hasNonNull("reason")) {
          summary.append(": ").append(release.path("reason").asText());
        }
      }
      output.line(summary.toString());
    }
    return new Outcome(phase, located.release(), ExitCodes.forPhase(phase));
  }

  private static Optional<String> elapsed(JsonNode release) {
    try {
      Instant from = Instant.parse(release.path("requestedAt").asText());
      Instant to = Instant.parse(release.path("updatedAt").asText());
      return Optional.of(Times.duration(Duration.between(from, to)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private JsonNode status() {
    return session.api().get(ApiPaths.service(service)).json();
  }

  private static EventStream.Signal poll(BlockingQueue<EventStream.Signal> signals) {
    try {
      return signals.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private int columns() {
    return session.environment().variable("COLUMNS").flatMap(ReleaseFollower::number).orElse(80);
  }

  private static Optional<Integer> number(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
