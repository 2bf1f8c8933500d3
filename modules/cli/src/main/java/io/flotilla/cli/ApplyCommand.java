package io.flotilla.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.model.Json;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.SpecCodec;
import io.flotilla.model.SpecReader;
import io.flotilla.model.Yaml;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flotilla apply -f FILE|DIR}: makes the server's specs what the files say. Each spec is compared with the
 * server's current one ({@code spec} in {@code GET /api/v1/services/{name}}), both in the normalised form the server
 * keeps (defaults filled, presets by name); a spec that differs is shown as a diff and sent with {@code PUT}, one
 * that does not is reported unchanged and not sent at all, so applying the same files again changes nothing.
 */
@Command(name = "apply", sortOptions = false,
    description = {"Create or update service specs from YAML or JSON files: show each spec's diff against the"
        + " server's current spec, then PUT it. Specs equal to the server's are 'unchanged' and not sent.",
        "All files are validated first; if any is invalid, nothing is applied."})
final class ApplyCommand implements Callable<Integer> {
  private static final int CONTEXT_LINES = 3;

  @ParentCommand
  FlotillaCommand root;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR", required = true,
      description = "a spec file, or a directory of .yaml/.yml/.json spec files; repeatable")
  List<Path> files;

  @Option(names = "--dry-run", description = "show what would change, change nothing")
  boolean dryRun;

  /** What happened to one spec. */
  record Result(SpecFiles.SpecFile file, String outcome, Integer revision, List<String> diff,
      Optional<JsonNode> reply, Optional<String> error) {}

  @Override
  public Integer call() {
    Session session = root.session();
    List<SpecFiles.SpecFile> specs = SpecFiles.read(files);
    List<Result> results = new ArrayList<>();
    for (SpecFiles.SpecFile spec : specs) {
      Result result = apply(session.api(), spec);
      results.add(result);
      if (!session.output().json()) {
        print(session.output(), result);
      }
    }
    if (session.output().json()) {
      session.output().json(json(results));
    } else {
      session.output().line(summary(results));
    }
    return results.stream().anyMatch(result -> result.error().isPresent()) ? ExitCodes.ERROR : ExitCodes.OK;
  }

  private Result apply(ApiClient api, SpecFiles.SpecFile file) {
    ServiceSpec spec = file.spec();
    Optional<JsonNode> current;
    try {
      current = api.getIfExists(ApiPaths.service(spec.name())).map(ApiClient.Response::json);
    } catch (ApiFailure failure) {
      return failed(file, failure);
    }
    JsonNode wanted = SpecCodec.toTree(spec);
    Integer revision = current.map(status -> status.path("revision").asInt()).orElse(null);
    if (current.isPresent() && same(current.get().path("spec"), spec, wanted)) {
      return new Result(file, "unchanged", revision, List.of(), Optional.empty(), Optional.empty());
    }
    String before = current.map(status -> yaml(status.path("spec"))).orElse("");
    String beforeLabel = current.isPresent() ? spec.name() + " (server, revision " + revision + ")"
        : spec.name() + " (not on the server)";
    List<String> diff = SpecDiff.unified(before, yaml(wanted), beforeLabel, file.path().toString(), CONTEXT_LINES);
    if (dryRun) {
      return new Result(file, current.isPresent() ? "would update" : "would create", revision, diff,
          Optional.empty(), Optional.empty());
    }
    try {
      ApiClient.Response response = api.put(ApiPaths.service(spec.name()), file.text(),
          file.yaml() ? "application/yaml" : "application/json");
      JsonNode reply = response.json();
      Integer newRevision = reply.hasNonNull("revision") ? Integer.valueOf(reply.path("revision").asInt()) : revision;
      return new Result(file, reply.path("outcome").asText("updated"), newRevision, diff, Optional.of(reply),
          Optional.empty());
    } catch (ApiFailure failure) {
      return failed(file, failure);
    }
  }

  /**
   * Whether the server's spec is the file's: compared as specs when this CLI can read the server's form, else (a
   * newer server with fields this CLI does not know) as documents.
   */
  static boolean same(JsonNode server, ServiceSpec spec, JsonNode wanted) {
    try {
      return SpecReader.read(server).equals(spec);
    } catch (RuntimeException unreadable) {
      return server.equals(wanted);
    }
  }

  private static Result failed(SpecFiles.SpecFile file, ApiFailure failure) {
    return new Result(file, "failed", null, List.of(), Optional.empty(), Optional.of(failure.getMessage()));
  }

  private static void print(Output output, Result result) {
    String name = result.file().spec().name();
    if (result.error().isPresent()) {
      output.line(name + ": failed (" + result.file().path() + "): " + result.error().get());
      return;
    }
    output.line(name + ": " + result.outcome() + (result.revision() == null ? "" : " (revision "
        + result.revision() + ")") + " from " + result.file().path());
    result.diff().forEach(line -> output.line("    " + line));
  }

  private static String summary(List<Result> results) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    results.forEach(result -> counts.merge(result.outcome(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((outcome, count) -> parts.add(count + " " + outcome));
    return results.size() + (results.size() == 1 ? " spec: " : " specs: ") + String.join(", ", parts);
  }

  private static ObjectNode json(List<Result> results) {
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode array = out.putArray("results");
    for (Result result : results) {
      ObjectNode item = array.addObject();
      item.put("file", result.file().path().toString());
      item.put("service", result.file().spec().name());
      item.put("outcome", result.outcome());
      if (result.revision() != null) {
        item.put("revision", result.revision());
      }
      item.put("diff", String.join("\n", result.diff()));
      result.reply().ifPresent(reply -> item.set("reply", reply));
      result.error().ifPresent(error -> item.put("error", error));
    }
    return out;
  }

  private static String yaml(JsonNode tree) {
    try {
      return Yaml.mapper().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
