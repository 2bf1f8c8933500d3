package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.model.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flotilla release SERVICE VERSION}: starts a release and follows it until it ends; the exit code is its
 * outcome. With {@code --no-wait} it only starts it.
 */
@Command(name = "release", sortOptions = false,
    description = {"Release VERSION of SERVICE and follow it until it ends: a progress bar on a terminal, one line"
        + " per event otherwise. Exits 0 when Promoted, " + ExitCodes.ROLLED_BACK + " RolledBack, "
        + ExitCodes.FAILED + " Failed, " + ExitCodes.ABORTED + " Aborted, " + ExitCodes.SUPERSEDED + " Superseded.",
        "A release of the version that already serves is a no-op (exit 0); one behind a release in flight is queued"
            + " and followed from when it starts."})
final class ReleaseCommand implements Callable<Integer> {
  @ParentCommand
  FlotillaCommand root;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Parameters(index = "1", paramLabel = "VERSION", description = "the image tag to release, e.g. 1.4.0")
  String version;

  @Option(names = "--no-wait", description = "start the release and exit without following it")
  boolean noWait;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "a retry with the same key gets the first answer instead of a second release")
  String idempotencyKey;

  @Mixin
  FollowOptions follow;

  @Override
  public Integer call() {
    follow.timeout(); // a bad --timeout must fail before the release starts
    Session session = root.session();
    ObjectNode body = Json.mapper().createObjectNode().put("version", version);
    ApiClient.Response response = session.api().post(ApiPaths.serviceAction(service, "releases"), body.toString(),
        idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    JsonNode reply = response.json();
    String outcome = reply.path("outcome").asText();
    String releaseId = reply.path("releaseId").asText(null);
    Output output = session.output();
    if (output.json()) {
      output.json(response.body());
    } else {
      output.line(service + ": " + reply.path("message").asText(outcome) + (releaseId == null ? ""
          : " (" + releaseId + ")"));
    }
    if (noWait || releaseId == null) {
      // no release id: nothing started, e.g. the version already serves
      return ExitCodes.OK;
    }
    return new ReleaseFollower(session, service, follow).follow(releaseId).exitCode();
  }
}
