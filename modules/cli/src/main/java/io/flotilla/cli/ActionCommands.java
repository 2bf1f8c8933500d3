package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.model.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The actions on a service's release: {@code POST /api/v1/services/{name}/{action}}, one command each. */
final class ActionCommands {
  private ActionCommands() {}

  /** Sends the action and prints what the service did. */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand
    FlotillaCommand root;

    @Parameters(paramLabel = "SERVICE")
    String service;

    abstract String action();

    String reason() {
      return null;
    }

    @Override
    public Integer call() {
      Session session = root.session();
      ObjectNode body = Json.mapper().createObjectNode();
      if (reason() != null) {
        body.put("reason", reason());
      }
      ApiClient.Response response = session.api().post(ApiPaths.serviceAction(service, action()), body.toString(),
          Map.of());
      if (session.output().json()) {
        session.output().json(response.body());
      } else {
        JsonNode reply = response.json();
        String releaseId = reply.path("releaseId").asText(null);
        session.output().line(service + ": " + reply.path("message").asText(reply.path("outcome").asText())
            + (releaseId == null ? "" : " (" + releaseId + ")"));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "rollback", description = {"Move all traffic back to the previous version now: the release in"
      + " flight, else the last promotion (one weight change while the old environment is hot, else a new release"
      + " of the previous version)."})
  static final class Rollback extends Action {
    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit trail")
    String reason;

    @Override
    String action() {
      return "rollback";
    }

    @Override
    String reason() {
      return reason;
    }
  }

  @Command(name = "pause", description = "Pause the release in flight: its holds stop ending until resumed.")
  static final class Pause extends Action {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "resume", description = "Resume a paused release.")
  static final class Resume extends Action {
    @Override
    String action() {
      return "resume";
    }
  }

  @Command(name = "promote", description = "Skip the remaining steps of the release in flight: 100%% to the new"
      + " version now (during a preview: end the preview and start the traffic steps).")
  static final class Promote extends Action {
    @Override
    String action() {
      return "promote";
    }
  }

  @Command(name = "abort", description = "Abort the release in flight: traffic back to the previous version, the"
      + " release ends Aborted.")
  static final class Abort extends Action {
    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit trail")
    String reason;

    @Override
    String action() {
      return "abort";
    }

    @Override
    String reason() {
      return reason;
    }
  }
}
