package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla accounts}: the accounts Flotilla deploys into ({@code GET /api/v1/accounts}). */
@Command(name = "accounts", description = "List the accounts Flotilla deploys into, with their regions.")
final class AccountsCommand implements Callable<Integer> {
  @ParentCommand
  FlotillaCommand root;

  @Override
  public Integer call() {
    Session session = root.session();
    ApiClient.Response response = session.api().get(ApiClient.API + "/accounts");
    if (session.output().json()) {
      session.output().json(response.body());
      return ExitCodes.OK;
    }
    Table table = new Table("id", "alias", "regions", "role", "source");
    for (JsonNode account : response.json().path("accounts")) {
      StringJoiner regions = new StringJoiner(",");
      account.path("regions").forEach(region -> regions.add(region.asText()));
      table.row(account.path("id").asText(), account.path("alias").asText(""), regions.toString(),
          account.path("roleArn").asText(""), account.path("source").asText(""));
    }
    table.lines().forEach(session.output()::line);
    return ExitCodes.OK;
  }
}
