package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.model.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla services}: the fleet view ({@code GET /api/v1/services}), filtered and paged. */
@Command(name = "services", sortOptions = false,
    description = "List the fleet: every service with its serving version, release phase and traffic split.")
final class ServicesCommand implements Callable<Integer> {
  @ParentCommand
  FlotillaCommand root;

  @Option(names = "--account", paramLabel = "ID", description = "only services in this account (id or alias)")
  String account;

  @Option(names = "--region", paramLabel = "REGION", description = "only services in this region")
  String region;

  @Option(names = "--team", paramLabel = "TEAM", description = "only services of this team")
  String team;

  @Option(names = "--phase", paramLabel = "PHASE",
      description = "only services whose release is in this phase, e.g. Holding, RolledBack, None")
  String phase;

  @Option(names = "--limit", paramLabel = "N", description = "services per page (server default 50, at most 500)")
  Integer limit;

  @Option(names = "--offset", paramLabel = "N", description = "start at this position of the list")
  Integer offset;

  @Option(names = "--all", description = "follow the pages to the end of the list")
  boolean all;

  @Override
  public Integer call() {
    Session session = root.session();
    Integer position = offset;
    ArrayNode services = Json.mapper().createArrayNode();
    JsonNode page;
    do {
      ApiClient.Response response = session.api().get(path(position));
      page = response.json();
      if (!all) {
        print(session.output(), response.body(), page);
        return ExitCodes.OK;
      }
      page.path("services").forEach(services::add);
      position = page.hasNonNull("next") ? page.path("next").asInt() : null;
    } while (position != null);
    ObjectNode everything = Json.mapper().createObjectNode();
    everything.set("services", services);
    everything.put("offset", offset == null ? 0 : offset);
    print(session.output(), null, everything);
    return ExitCodes.OK;
  }

  private String path(Integer position) {
    Map<String, Object> query = ApiPaths.parameters();
    query.put("account", account);
    query.put("region", region);
    query.put("team", team);
    query.put("phase", phase);
    query.put("offset", position);
    query.put("limit", limit);
    return ApiPaths.withQuery(ApiClient.API + "/services", query);
  }

  private static void print(Output output, String body, JsonNode page) {
    if (output.json()) {
      if (body != null) {
        output.json(body);
      } else {
        output.json(page);
      }
      return;
    }
    Table table = new Table("service", "team", "account", "region", "version", "phase", "traffic", "sync");
    page.path("services").forEach(service -> table.row(service.path("service").asText(),
        service.path("team").asText(""), service.path("account").asText(""), service.path("region").asText(""),
        service.path("version").asText(""), service.path("phase").asText(""), StatusCommand.weights(service.path("weights")),
        service.path("deleting").asBoolean() ? "deleting" : service.path("inSync").asBoolean(true) ? "yes" : "no"));
    if (table.size() == 0) {
      output.line("no services match");
    } else {
      table.lines().forEach(output::line);
    }
    if (page.hasNonNull("next")) {
      output.line("(more: --offset " + page.path("next").asInt() + ", or --all)");
    }
  }
}
