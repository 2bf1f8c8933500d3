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
            + " 'maxConcurrent' and 'failureBudget'. Exits 0 when every item was promoted, "
            + ExitCodes.FAILED + " otherwise."})
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
      output.line("bulk release " + id + " accepted: " + request.path("items").size() + " items");
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
        report(output, response, progress);
        return progress.allGood() ? ExitCodes.OK : ExitCodes.FAILED;
      }
      Thread.sleep(every.toMillis());
    }
  }

  private static void report(Output output, ApiClient.Response response, BulkProgress progress) {
    if (output.json()) {
      output.json(response.body());
      return;
    }
    output.line("bulk release " + progress.id() + " ended: " + progress.line());
    Table table = new Table("service", "version", "state", "reason");
    for (JsonNode item : response.json().path("items")) {
      String state = BulkProgress.itemState(item);
      if (!BulkProgress.isGood(state)) {
        table.row(item.path("service").asText(), item.path("version").asText(), state,
            item.path("reason").asText(item.path("message").asText("")));
      }
    }
    if (table.size() > 0) {
      table.lines().forEach(output::line);
    }
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
      String text = Files.readString(file);
      return SpecDocuments.parse(text, !file.toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    } catch (SpecValidationException e) {
      throw new CliException(file + ": " + e.getMessage().replaceFirst("^\\$: ", ""));
    }
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
