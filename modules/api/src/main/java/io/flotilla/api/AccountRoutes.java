package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.put;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.accounts.Accounts;
import io.flotilla.model.Account;
import io.flotilla.model.AccountReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The accounts registry: {@code GET /accounts} lists every account with where it is defined ({@code config} or
 * {@code api}); {@code GET /accounts/{id}} one, by id or alias; {@code PUT /accounts/{id}} registers or replaces an
 * account (201 created, 200 updated or unchanged, 409 when configuration defines it or its alias is taken). The
 * external id is never shown, only whether one is set.
 */
final class AccountRoutes {
  private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("id", "alias", "roleArn", "externalId", "regions"));
  private final Accounts accounts;
  private final ApiJson json;

  AccountRoutes(Accounts accounts, ApiJson json) {
    this.accounts = accounts;
    this.json = json;
  }

  /** The routes as {@code principal} may use them: anyone reads; registering an account needs admin. */
  Route route(Principal principal) {
    return pathPrefix("accounts", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> QueryParameters.none(this::list))),
        pathPrefix(segment(), id -> pathEnd(() -> concat(
            get(() -> QueryParameters.none(() -> one(id))),
            put(() -> Access.require(principal, Role.ADMIN, "PUT an account", () -> QueryParameters.none(() -> putAccount(id, principal)))))))));
  }

  private Route list() {
    return onSuccess(accounts.list(), entries -> {
      ObjectNode body = json.object();
      ArrayNode items = body.putArray("accounts");
      entries.forEach(entry -> items.add(entryJson(entry)));
      return complete(json.response(StatusCodes.OK, body));
    });
  }

  private Route one(String idOrAlias) {
    return onSuccess(accounts.list(), entries -> complete(json.response(StatusCodes.OK, entries.stream()
        .filter(entry -> entry.account().isNamed(idOrAlias)).findFirst().map(this::entryJson)
        .orElseThrow(() -> ApiException.notFound(notFound(idOrAlias))))));
  }

  private Route putAccount(String id, Principal principal) {
    if (!AccountReader.ID.matcher(id).matches()) {
      throw ApiException.invalid("id", "must match " + AccountReader.ID.pattern());
    }
    return RequestBodies.optionalJsonText(text -> {
      Account account = AccountReader.read(parse(text), id);
      return onSuccess(accounts.put(account, principal.name()), result -> switch (result.outcome()) {
        case "created" -> complete(json.response(StatusCodes.CREATED, entryJson(new Accounts.Entry(account, Accounts.Source.API)))
            .addHeader(Location.create("/api/v1/accounts/" + account.id())));
        case "updated", "unchanged" -> complete(json.response(StatusCodes.OK, entryJson(new Accounts.Entry(account, Accounts.Source.API))));
        default -> complete(json.response(StatusCodes.CONFLICT, ApiError.of(ApiError.CONFLICT, result.message())));
      });
    });
  }

  private static JsonNode parse(String text) {
    if (text.isBlank()) {
      throw ApiException.invalid("$", "the body must be an account as a JSON object");
    }
    return RequestBodies.jsonObject(text, FIELDS);
  }

  private ObjectNode entryJson(Accounts.Entry entry) {
    Account account = entry.account();
    ObjectNode out = json.object();
    out.put("id", account.id());
    out.put("alias", account.alias());
    if (account.roleArn() != null) {
      out.put("roleArn", account.roleArn());
    }
    out.put("externalIdSet", account.externalId() != null);
    ArrayNode regions = out.putArray("regions");
    account.regions().forEach(regions::add);
    out.put("source", entry.source().name().toLowerCase());
    return out;
  }

  static String notFound(String idOrAlias) {
    String shown = idOrAlias.length() <= 64 ? idOrAlias : idOrAlias.substring(0, 64) + "...";
    return "account '" + shown + "' is not registered";
  }

  /** The accounts' names for an error message. */
  static String names(List<Accounts.Entry> entries) {
    return entries.stream().map(entry -> entry.account().alias().equals(entry.account().id()) ? entry.account().id()
        : entry.account().id() + " (" + entry.account().alias() + ")").reduce((a, b) -> a + ", " + b).orElse("none");
  }
}
