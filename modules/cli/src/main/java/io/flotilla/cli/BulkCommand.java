package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.model.DurationText;
import io.flotilla.model.Json;
import io.flotilla.model.SpecDocuments;
import io.flotilla.model.SpecValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flotilla bulk FILE}: one bulk release ({@code POST /api/v1/releases}) of the {@code {service, version}}
 * items a YAML or JSON file lists, then its progress from {@code GET /api/v1/releases/{id}} until it ends.
 */
@Command(name = "bulk", sortOptions = false,
    description = {"Release many services with one request, then show the bulk release's progress until it ends.",
        "FILE (YAML or JSON) is a list of {service, version}, or an object with 'items' and optionally"
            + " 'maxConcurrent', 'failureBudget' and 'allOrNothing'. Exits 0 when every item was promoted (or"
            + " already served its version), " + ExitCodes.FAILED + " otherwise; items that did not end well are"
            + " listed at the end."})
final class BulkCommand implements Callable<Integer> {
  @ParentCommand
  FlotillaCommand root;

  @Parameters(paramLabel = "FILE")
  Path file;

  @Option(names = "--max-concurrent", paramLabel = "N", description = "at most N items releasing at once")
  Integer maxConcurrent;

  @Option(names = "--failure-budget", paramLabel = "N",
      description = "start no new items after N items failed or rolled back")
  Integer failureBudget;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "a retry with the same key gets the first bulk release back instead of a second one")
  String idempotencyKey;

  @Option(names = "--no-wait", description = "start the bulk release and exit")
  boolean noWait;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
      description = "how often to read the progress (default 2s)")
  String interval;

  @Override
  public Integer call() throws InterruptedException {
    ObjectNode request = request(read(file));
    Duration every = duration(interval);
    Session session = root.session();
    Output output = session.output();
    String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
    ApiClient.Response accepted = session.api().post(ApiClient.API + "/releases", request.toString(),
        Map.of("Idempotency-Key", key));
    String id = bulkId(accepted);
    if (output.json()) {
      output.json(accepted.body());
    } else {
      output.line(acceptedLine(id, accepted.json()));
    }
    if (noWait) {
      return ExitCodes.OK;
    }
    String path = ApiClient.API + "/releases/" + ApiPaths.segment(id);
    ReleaseView view = ReleaseView.of(output.out(), output.terminal() && !output.json(), 80);
    String shown = "";
    while (true) {
      ApiClient.Response response = session.api().get(path);
      BulkProgress progress = BulkProgress.of(response.json());
      if (!output.json()) {
        if (output.terminal()) {
          view.progress(progress.line());
        } else if (!progress.line().equals(shown)) {
          view.line(progress.line());
        }
        shown = progress.line();
      }
      if (progress.done()) {
        view.finish();
        report(session, path, response, progress);
        return progress.allGood() ? ExitCodes.OK : ExitCodes.FAILED;
      }
      Thread.sleep(every.toMillis());
    }
  }

  /** At most this many items of each state that did not end well are listed at the end. */
  static final int LISTED_PER_STATE = 50;

  private static void report(Session session, String path, ApiClient.Response response, BulkProgress progress) {
    Output output = session.output();
    if (output.json()) {
      output.json(response.body());
      return;
    }
    output.line("bulk release " + progress.id() + " ended: " + progress.line());
    Table table = new Table("service", "version", "state", "reason");
    List<String> more = new ArrayList<>();
    for (String state : progress.badStates()) {
      JsonNode page = session.api().get(path + "?state=" + state + "&limit=" + LISTED_PER_STATE).json();
      for (JsonNode item : page.path("items")) {
        table.row(item.path("service").asText(), item.path("version").asText(), state, item.path("reason").asText(""));
      }
      int left = progress.counts().get(state) - page.path("items").size();
      if (left > 0) {
        more.add(left + " more " + state + " (GET " + path + "?state=" + state + "&offset=" + LISTED_PER_STATE + ")");
      }
    }
    if (table.size() > 0) {
      table.lines().forEach(output::line);
    }
    more.forEach(line -> output.line("... " + line));
  }

  /** The request body: the file's items (and its other settings), the options over the file's settings. */
  ObjectNode request(JsonNode document) {
    ObjectNode request;
    if (document.isArray()) {
      request = Json.mapper().createObjectNode();
      request.set("items", document);
    } else if (document.isObject() && document.path("items").isArray()) {
      request = ((ObjectNode) document).deepCopy();
    } else {
      throw new CliException(file + ": must be a list of {service, version}, or an object with 'items'");
    }
    ArrayNode items = (ArrayNode) request.path("items");
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      for (String field : List.of("service", "version")) {
        if (!item.path(field).isTextual() || item.path(field).asText().isBlank()) {
          problems.add("items[" + i + "]." + field + ": is required");
        }
      }
    }
    if (items.isEmpty()) {
      problems.add("items: the list is empty");
    }
    if (!problems.isEmpty()) {
      throw new CliException(file + ": " + String.join("; ", problems));
    }
    if (maxConcurrent != null) {
      request.put("maxConcurrent", maxConcurrent);
    }
    if (failureBudget != null) {
      request.put("failureBudget", failureBudget);
    }
    return request;
  }

  private static JsonNode read(Path file) {
    try {
      String text = SpecFiles.readBounded(file);
      return SpecDocuments.parse(text, !file.toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    } catch (SpecValidationException e) {
      throw new CliException(file + ": " + e.getMessage().replaceFirst("^\\$: ", ""));
    }
  }

  /** {@code bulk release bulk-1 accepted: 3 of 4 items (1 invalid)}, then one line per invalid item. */
  static String acceptedLine(String id, JsonNode reply) {
    StringBuilder out = new StringBuilder("bulk release " + id + (reply.path("created").asBoolean(true)
        ? " accepted: " : " (the same request was already made) accepted: "));
    int invalid = reply.path("invalid").size();
    out.append(reply.path("accepted").asInt()).append(" of ").append(reply.path("items").asInt()).append(" items");
    if (invalid > 0) {
      out.append(" (").append(invalid).append(" invalid, not started)");
    }
    int shown = 0;
    for (JsonNode item : reply.path("invalid")) {
      if (shown++ == LISTED_PER_STATE) {
        out.append("\n  ... and ").append(invalid - LISTED_PER_STATE).append(" more invalid items");
        break;
      }
      for (JsonNode error : item.path("errors")) {
        out.append("\n  ").append(error.path("field").asText()).append(": ").append(error.path("message").asText());
      }
    }
    return out.toString();
  }

  /** The bulk id from the answer's {@code id}/{@code bulkId}, else from its {@code Location}. */
  static String bulkId(ApiClient.Response accepted) {
    JsonNode reply = accepted.json();
    for (String field : List.of("id", "bulkId")) {
      if (reply != null && reply.path(field).isTextual()) {
        return reply.path(field).asText();
      }
    }
    return accepted.location().map(location -> location.substring(location.lastIndexOf('/') + 1))
        .filter(id -> !id.isEmpty())
        .orElseThrow(() -> new CliException("the server accepted the bulk release but its answer names no id: "
            + accepted.body()));
  }

  private static Duration duration(String text) {
    try {
      Duration value = DurationText.parse(text);
      if (value.toMillis() < 100) {
        throw new IllegalArgumentException("must be at least 100ms");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new CliException("--interval: " + e.getMessage(), ExitCodes.USAGE);
    }
  }
}
