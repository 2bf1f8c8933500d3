package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flotilla events}: the audit trail ({@code GET /api/v1/events}), one page of it, or with {@code -f} the live
 * feed until interrupted (Server-Sent Events, resumed with {@code Last-Event-ID} after a lost connection).
 */
@Command(name = "events", sortOptions = false,
    description = {"Show the audit trail of one service or of the fleet; with -f follow it live.",
        "Without --since a service's trail starts at its first event, the fleet's one look-back period ago"
            + " (server setting, 24h by default); -f starts now."})
final class EventsCommand implements Callable<Integer> {
  @ParentCommand
  FlotillaCommand root;

  @Option(names = {"-f", "--follow"}, description = "follow the live feed until interrupted")
  boolean follow;

  @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "only this service's events")
  String service;

  @Option(names = "--account", paramLabel = "ID", description = "only events of services in this account")
  String account;

  @Option(names = "--region", paramLabel = "REGION", description = "only events of services in this region")
  String region;

  @Option(names = "--since", paramLabel = "WHEN",
      description = "start at an instant (2026-01-31T12:00:00Z) or this long ago (10m, 2h)")
  String since;

  @Option(names = "--cursor", paramLabel = "ID", description = "start after this event id (the 'next' of a page)")
  String cursor;

  @Option(names = "--limit", paramLabel = "N", description = "events per page (server default 100, at most 1000)")
  Integer limit;

  @Override
  public Integer call() {
    Session session = root.session();
    Map<String, Object> query = ApiPaths.parameters();
    query.put("service", service);
    query.put("account", account);
    query.put("region", region);
    query.put("since", since == null ? null : Times.since(since, session.environment().clock().instant()));
    EventText text = new EventText(session.environment().clock().getZone(), service == null);
    if (follow) {
      return follow(session, ApiPaths.withQuery(ApiClient.API + "/events", query), text);
    }
    query.put("cursor", cursor);
    query.put("limit", limit);
    ApiClient.Response response = session.api().get(ApiPaths.withQuery(ApiClient.API + "/events", query));
    Output output = session.output();
    if (output.json()) {
      output.json(response.body());
      return ExitCodes.OK;
    }
    JsonNode page = response.json();
    JsonNode events = page.path("events");
    ServiceVersions versions = new ServiceVersions(session.api(), text);
    events.forEach(event -> {
      versions.learn(event.path("service").asText());
      output.line(text.line(event));
    });
    if (events.isEmpty()) {
      output.line("no events");
    } else if (page.hasNonNull("next") && events.size() >= (limit == null ? 100 : limit)) {
      output.line("(more: --cursor " + page.path("next").asText() + ")");
    }
    return ExitCodes.OK;
  }

  private int follow(Session session, String path, EventText text) {
    Output output = session.output();
    ServiceVersions versions = new ServiceVersions(session.api(), text);
    BlockingQueue<EventStream.Signal> signals = new LinkedBlockingQueue<>();
    try (EventStream stream = EventStream.start(session.api(), path, Optional.ofNullable(cursor), signals)) {
      while (true) {
        EventStream.Signal signal = signals.take();
        if (signal instanceof EventStream.Event event) {
          JsonNode json = ApiClient.parse(event.message().data());
          if (json == null) {
            continue;
          }
          if (output.json()) {
            output.json(event.message().data());
          } else {
            versions.learn(json.path("service").asText());
            output.line(text.line(json));
          }
        } else if (signal instanceof EventStream.Broken broken) {
          output.note("event stream interrupted (" + broken.why() + "); reconnecting");
        } else if (signal instanceof EventStream.Unsupported unsupported) {
          throw new CliException(unsupported.why());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.OK;
    }
  }
}
