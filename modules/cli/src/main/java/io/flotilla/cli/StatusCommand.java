package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla status SERVICE}: desired and live state, the release in flight, environments, recent releases. */
@Command(name = "status", description = "Show a service: its traffic split (desired and live), the release in flight"
    + " and its last verdict, its environments and its recent releases.")
final class StatusCommand implements Callable<Integer> {
  private static final int HISTORY_SHOWN = 5;

  @ParentCommand
  FlotillaCommand root;

  @Parameters(paramLabel = "SERVICE")
  String service;

  @Override
  public Integer call() {
    Session session = root.session();
    ApiClient.Response response = session.api().get(ApiPaths.service(service));
    if (session.output().json()) {
      session.output().json(response.body());
    } else {
      render(response.json(), session.environment().clock().getZone()).forEach(session.output()::line);
    }
    return ExitCodes.OK;
  }

  static List<String> render(JsonNode status, ZoneId zone) {
    List<String> lines = new ArrayList<>();
    JsonNode spec = status.path("spec");
    lines.add("service    " + status.path("service").asText() + " (team " + spec.path("team").asText("-")
        + ", " + status.path("account").asText() + "/" + status.path("region").asText() + ", revision "
        + status.path("revision").asInt() + ")" + (status.path("deleting").asBoolean() ? " - being deleted" : ""));
    if (status.hasNonNull("endpointUrl")) {
      lines.add("endpoint   " + status.path("endpointUrl").asText());
    }
    if (status.hasNonNull("previewUrl")) {
      lines.add("preview    " + status.path("previewUrl").asText());
    }
    lines.add("traffic    " + weights(status.path("desired")) + (status.path("inSync").asBoolean() ? " (in sync)"
        : " (applied: " + weights(status.path("applied")) + ")"));
    JsonNode active = status.path("activeRelease");
    if (active.isObject()) {
      lines.add("release    " + release(active, zone));
      JsonNode last = active.path("analysis").path("last");
      if (last.isObject()) {
        lines.add("verdict    " + last.path("verdict").asText() + ": " + last.path("summary").asText());
      }
    } else {
      lines.add("release    none in flight");
    }
    JsonNode queued = status.path("queuedRelease");
    if (queued.isObject()) {
      lines.add("queued     " + queued.path("id").asText() + " " + queued.path("version").asText());
    }
    JsonNode environments = status.path("environments");
    if (environments.size() > 0) {
      Table table = new Table("environment", "version", "revision", "state", "created", "idle since");
      environments.forEach(env -> table.row(env.path("id").asText(), env.path("version").asText(),
          env.path("revision").asInt(), env.path("state").asText(),
          clock(env.path("createdAt"), zone), clock(env.path("idleSince"), zone)));
      lines.add("");
      lines.addAll(table.lines());
    }
    JsonNode history = status.path("history");
    if (history.size() > 0) {
      Table table = new Table("release", "version", "outcome", "ended", "reason");
      for (int i = history.size() - 1; i >= Math.max(0, history.size() - HISTORY_SHOWN); i--) {
        JsonNode release = history.get(i);
        table.row(release.path("id").asText(), release.path("version").asText(), release.path("phase").asText(),
            clock(release.path("updatedAt"), zone), release.path("reason").asText(""));
      }
      lines.add("");
      lines.addAll(table.lines());
    }
    return lines;
  }

  private static String release(JsonNode release, ZoneId zone) {
    StringBuilder out = new StringBuilder(release.path("id").asText()).append(' ')
        .append(release.path("version").asText()).append(' ').append(release.path("phase").asText());
    int steps = release.path("steps").size();
    if (steps > 0) {
      int step = release.path("step").asInt();
      out.append(", step ").append(step + 1).append('/').append(steps).append(" (")
          .append(release.path("steps").path(step).path("weight").asInt()).append("%)");
    }
    if (release.path("paused").asBoolean()) {
      out.append(", paused");
    }
    if (release.hasNonNull("holdUntil")) {
      out.append(", holding until ").append(Times.clock(release.path("holdUntil").asText(), zone));
    }
    return out.toString();
  }

  /** {@code 2.0.0 10%, 1.0.0 90%}, largest share first. */
  static String weights(JsonNode list) {
    List<JsonNode> weights = new ArrayList<>();
    list.forEach(weights::add);
    weights.sort((a, b) -> Integer.compare(b.path("weight").asInt(), a.path("weight").asInt()));
    StringJoiner out = new StringJoiner(", ");
    weights.forEach(weight -> out.add(weight.path("version").asText(weight.path("environment").asText()) + " "
        + weight.path("weight").asInt() + "%"));
    return out.length() == 0 ? "none" : out.toString();
  }

  private static String clock(JsonNode instant, ZoneId zone) {
    return instant.isTextual() ? Times.clock(instant.asText(), zone) : null;
  }
}
