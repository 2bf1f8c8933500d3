package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.engine.bulk.BulkReleases;
import io.flotilla.testkit.TestNodeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Done-when d of issue 6: every route of the API, called by each role (viewer, deployer of team A, deployer of team
 * B, admin) on a service of team A and of team B, gets exactly the expected status; without a token, with a
 * malformed header or a wrong token every route answers 401 and nothing changes; no token (nor an account's external
 * id) shows up in any response, the event feed or the log. The matrix is printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityMatrixTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String VIEWER = "viewer-" + TestNodeConfig.newKeyspace("t");
  private static final String DEPLOYER_A = "deployer-a-" + TestNodeConfig.newKeyspace("t");
  private static final String DEPLOYER_B = "deployer-b-" + TestNodeConfig.newKeyspace("t");
  private static final String WRONG = "wrong-" + TestNodeConfig.newKeyspace("t");
  private static final String EXTERNAL_ID = "ext-secret-" + TestNodeConfig.newKeyspace("t");
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  private static TestFlotilla flotilla;
  private static ListAppender<ILoggingEvent> logs;
  private static String bulkToCancel;
  private static final List<String> responses = new ArrayList<>();

  /** Who calls: a label, a client with its token, and which team it deploys for (null: none). */
  private record Who(String label, ApiClient client, String team, boolean admin) {}

  /** One route: how to call it on a service of a team, and which status each principal must get there. */
  private record Route(String name, boolean teamScoped, Function<Call, ApiClient.Response> call,
      BiFunction<Who, String, Integer> expected) {}

  /** One call: who, and the team of the service it is about ("a" or "b"). */
  private record Call(Who who, String team) {
    String svc(String prefix) {
      return prefix + "-" + team;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    flotilla = TestFlotilla.startWith("security", """
        flotilla.auth.tokens = [
          {name = test-admin, role = admin, sha256 = "%s"},
          {name = viewer, role = viewer, sha256 = "%s"},
          {name = deployer-a, role = deployer, teams = [team-a], sha256 = "%s"},
          {name = deployer-b, role = deployer, teams = [team-b], sha256 = "%s"}]
        """.formatted(TestNodeConfig.sha256Hex(TestNodeConfig.ADMIN_TOKEN), TestNodeConfig.sha256Hex(VIEWER),
        TestNodeConfig.sha256Hex(DEPLOYER_A), TestNodeConfig.sha256Hex(DEPLOYER_B)));
    for (String team : List.of("a", "b")) {
      for (String prefix : List.of("svc", "hijack", "bulk")) {
        flotilla.register(spec(prefix + "-" + team, "team-" + team));
      }
      for (String who : List.of("viewer", "deployer-a", "deployer-b", "admin")) {
        flotilla.register(spec("del-" + who + "-" + team, "team-" + team));
      }
    }
    flotilla.register(spec("hold-a", "team-a"));
    assertEquals(202, flotilla.api.release("hold-a", "1.0.0").status());
    flotilla.awaitIdle("hold-a", WAIT);
    bulkToCancel = createBulk(flotilla.api, "hold-a", "2.0.0", "cancel-me").body().path("id").asText();
    flotilla.awaitPhase("hold-a", "Holding", 0, WAIT);
    // a deployer's bulk is checked against the fleet view: wait until it lists every service
    Eventually.until(WAIT, () -> flotilla.api.get("/api/v1/services?limit=500").body().path("total").asInt() == 15,
        "the fleet view to list the 15 services");
  }

  @AfterAll
  static void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    if (flotilla != null) {
      flotilla.close();
    }
  }

  private static String spec(String name, String team) {
    return """
        name: %s
        team: %s
        image: demo/%s
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 25, hold: 30m}, {weight: 100}], environmentTimeout: 1m}
        """.formatted(name, team, name);
  }

  private static ApiClient.Response createBulk(ApiClient client, String service, String version, String key) {
    return client.send("POST", "/api/v1/releases", "application/json",
        "{\"items\": [{\"service\": \"" + service + "\", \"version\": \"" + version + "\"}]}",
        "Idempotency-Key", key);
  }

  /** The routes of ServiceRoutes, ReleaseRoutes, BulkReleaseRoutes, AccountRoutes, OrphanRoutes, cluster, events, metrics. */
  private static List<Route> routes() {
    BiFunction<Who, String, Integer> read = (who, team) -> 200;
    List<Route> routes = new ArrayList<>();
    routes.add(new Route("GET /services", false, c -> c.who.client.get("/api/v1/services"), read));
    routes.add(new Route("GET /services/{svc}", true, c -> c.who.client.get("/api/v1/services/" + c.svc("svc")), read));
    routes.add(new Route("GET /services/{svc}/revisions", true,
        c -> c.who.client.get("/api/v1/services/" + c.svc("svc") + "/revisions"), read));
    routes.add(new Route("PUT /services/{svc} (unchanged)", true, c -> c.who.client.putYaml("/api/v1/services/"
        + c.svc("svc"), spec(c.svc("svc"), "team-" + c.team)), team(200)));
    routes.add(new Route("PUT /services/{new} (create)", true, c -> {
      String name = "new-" + c.who.label + "-" + c.team;
      return c.who.client.putYaml("/api/v1/services/" + name, spec(name, "team-" + c.team));
    }, team(201)));
    // the spec moves the service to team-a: a deployer needs both the current and the new team
    routes.add(new Route("PUT /services/{svc} (team -> team-a)", true, c -> c.who.client.putYaml("/api/v1/services/"
        + c.svc("hijack"), spec(c.svc("hijack"), "team-a")),
        (who, team) -> who.admin || "a".equals(who.team) && team.equals("a") ? 200 : 403));
    routes.add(new Route("DELETE /services/{svc}", true,
        c -> c.who.client.send("DELETE", "/api/v1/services/del-" + c.who.label + "-" + c.team), team(202)));
    routes.add(new Route("POST /services/{svc}/releases (invalid version)", true,
        c -> c.who.client.post("/api/v1/services/" + c.svc("svc") + "/releases", "{\"version\": \"not a version\"}"),
        team(400)));
    for (String action : List.of("pause", "resume", "promote")) {
      routes.add(new Route("POST /services/{svc}/" + action + " (nothing in flight)", true,
          c -> c.who.client.post("/api/v1/services/" + c.svc("svc") + "/" + action, "{}"), team(409)));
    }
    for (String action : List.of("rollback", "abort")) {
      routes.add(new Route("POST /services/{svc}/" + action + " (nothing in flight)", true,
          c -> c.who.client.post("/api/v1/services/" + c.svc("svc") + "/" + action, "{\"reason\": \"test\"}"),
          team(409)));
    }
    routes.add(new Route("POST /releases (bulk)", true, c -> createBulk(c.who.client, c.svc("bulk"),
        "2.0." + UNIQUE.incrementAndGet(), "matrix-" + UNIQUE.incrementAndGet()), team(202)));
    routes.add(new Route("GET /releases/{id}", false, c -> c.who.client.get("/api/v1/releases/" + bulkToCancel), read));
    routes.add(new Route("POST /releases/{id}/cancel", false,
        c -> c.who.client.post("/api/v1/releases/" + bulkToCancel + "/cancel", "{}"), admin(202)));
    routes.add(new Route("GET /accounts", false, c -> c.who.client.get("/api/v1/accounts"), read));
    routes.add(new Route("GET /accounts/{id}", false, c -> c.who.client.get("/api/v1/accounts/local"), read));
    routes.add(new Route("PUT /accounts/{id}", false, c -> c.who.client.putJson("/api/v1/accounts/acct-"
        + c.who.label, "{\"alias\": \"alias-" + c.who.label + "\", \"roleArn\": \"arn:aws:iam::123456789012:role/"
        + "flotilla\", \"externalId\": \"" + EXTERNAL_ID + "\", \"regions\": [\"eu-west-1\"]}"), admin(201)));
    routes.add(new Route("GET /orphans", false, c -> c.who.client.get("/api/v1/orphans"), read));
    routes.add(new Route("POST /orphans/sweep (dry run)", false,
        c -> c.who.client.post("/api/v1/orphans/sweep", "{\"dryRun\": true}"), admin(200)));
    routes.add(new Route("GET /cluster", false, c -> c.who.client.get("/api/v1/cluster"), read));
    routes.add(new Route("GET /events", false, c -> c.who.client.get("/api/v1/events"), read));
    routes.add(new Route("GET /events?service={svc}", true,
        c -> c.who.client.get("/api/v1/events?service=" + c.svc("svc")), read));
    routes.add(new Route("GET /metrics", false, c -> c.who.client.get("/metrics"), read));
    return routes;
  }

  /** A change to a service: a deployer of its team or an admin gets {@code allowed}, everyone else 403. */
  private static BiFunction<Who, String, Integer> team(int allowed) {
    return (who, team) -> who.admin || team.equals(who.team) ? allowed : 403;
  }

  private static BiFunction<Who, String, Integer> admin(int allowed) {
    return (who, team) -> who.admin ? allowed : 403;
  }

  private static List<Who> principals() {
    String url = flotilla.node.apiUrl();
    return List.of(
        new Who("viewer", new ApiClient(url, VIEWER), null, false),
        new Who("deployer-a", new ApiClient(url, DEPLOYER_A), "a", false),
        new Who("deployer-b", new ApiClient(url, DEPLOYER_B), "b", false),
        new Who("admin", new ApiClient(url, TestNodeConfig.ADMIN_TOKEN), null, true));
  }

  @Test
  @Order(1)
  void everyRouteAnswersEachRoleAndTeamExactlyAsAllowedAndUnauthenticatedCallsChangeNothing() {
    String url = flotilla.node.apiUrl();
    List<Who> strangers = List.of(
        new Who("no-token", ApiClient.withAuthorization(url, null), null, false),
        new Who("malformed", ApiClient.withAuthorization(url, "Bearer"), null, false),
        new Who("basic", ApiClient.withAuthorization(url, "Basic " + WRONG), null, false),
        new Who("two-words", ApiClient.withAuthorization(url, "Bearer " + WRONG + " " + WRONG), null, false),
        new Who("wrong-token", new ApiClient(url, WRONG), null, false));
    List<Route> routes = routes();
    Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
    List<String> mismatches = new ArrayList<>();

    String before = state();
    for (Who stranger : strangers) {
      for (Route route : routes) {
        for (String team : route.teamScoped ? List.of("a", "b") : List.of("a")) {
          ApiClient.Response response = route.call.apply(new Call(stranger, team));
          record(matrix, route.name, stranger.label + "/" + team, 401, response,
              mismatches);
          if (response.status() == 401 && !"unauthorized".equals(response.body().path("error").asText())) {
            mismatches.add(route.name + " " + stranger.label + ": 401 without the JSON error: " + response.text());
          }
        }
      }
    }
    assertEquals(before, state(), "requests without a valid token changed nothing");
    assertEquals(404, flotilla.api.get("/api/v1/releases/" + BulkReleases.idForKey("matrix-1")).status());

    for (Who who : principals()) {
      for (Route route : routes) {
        for (String team : route.teamScoped ? List.of("a", "b") : List.of("a")) {
          int expected = route.expected.apply(who, team);
          ApiClient.Response response = route.call.apply(new Call(who, team));
          record(matrix, route.name, who.label + "/" + team, expected, response,
              mismatches);
          if (response.status() == 403 && !response.body().path("message").asText().contains("needs")) {
            mismatches.add(route.name + " " + who.label + ": 403 without saying what is needed: " + response.text());
          }
        }
      }
    }
    print(matrix);
    assertEquals(List.of(), mismatches);

    // refused changes changed nothing: the services refused deletes and creates are as they were
    for (Who who : principals()) {
      for (String team : List.of("a", "b")) {
        boolean allowed = who.admin || team.equals(who.team);
        int deleted = flotilla.api.get("/api/v1/services/del-" + who.label + "-" + team).status();
        assertTrue(allowed || deleted == 200, "del-" + who.label + "-" + team + " still exists");
        int created = flotilla.api.get("/api/v1/services/new-" + who.label + "-" + team).status();
        assertEquals(allowed ? 200 : 404, created, "new-" + who.label + "-" + team);
      }
    }
    // the events of each change name the principal who made it
    for (String[] change : new String[][] {{"del-deployer-a-a", "deployer-a"}, {"new-deployer-b-b", "deployer-b"},
        {"del-admin-b", "test-admin"}, {"hijack-b", "test-admin"}}) {
      JsonNode events = flotilla.api.get("/api/v1/events?service=" + change[0] + "&limit=100").body().path("events");
      List<String> by = new ArrayList<>();
      events.forEach(event -> by.add(event.path("by").asText()));
      assertTrue(by.contains(change[1]), change[0] + " events by " + by);
    }
    assertEquals("team-a", flotilla.api.status("hijack-b").path("spec").path("team").asText(),
        "only the admin moved hijack-b to team-a");
    assertEquals(403, new ApiClient(url, DEPLOYER_B).putYaml("/api/v1/services/hijack-b",
        spec("hijack-b", "team-b")).status(), "team-b's deployer cannot take it back");
  }

  /** Runs after the matrix (when run with it) to check everything it answered and logged too. */
  @Test
  @Order(2)
  void noTokenOrExternalIdAppearsInResponsesTheEventFeedOrTheLog() {
    String url = flotilla.node.apiUrl();
    ApiClient.Response account = flotilla.api.putJson("/api/v1/accounts/acct-secrets", "{\"alias\": "
        + "\"alias-secrets\", \"roleArn\": \"arn:aws:iam::123456789012:role/flotilla\", \"externalId\": \""
        + EXTERNAL_ID + "\", \"regions\": [\"eu-west-1\"]}");
    assertEquals(201, account.status(), account.text());
    responses.add(account.text());
    for (Who who : principals()) {
      record(new LinkedHashMap<>(), "GET", who.label, 200, who.client.get("/api/v1/services/svc-a"), new ArrayList<>());
      responses.add(who.client.post("/api/v1/services/svc-b/pause", "{}").text());
    }
    responses.add(new ApiClient(url, WRONG).get("/api/v1/services").text());
    // not token68: Pekko cannot parse it as a credential (and must not log it)
    responses.add(ApiClient.withAuthorization(url, "Bearer " + WRONG + "!{}").get("/api/v1/services").text());
    responses.add(ApiClient.withAuthorization(url, "Basic " + WRONG).send("PUT", "/api/v1/services/x",
        "application/yaml", "name: x").text());
    ApiClient.Response feed = flotilla.api.get("/api/v1/events?limit=1000");
    assertEquals(200, feed.status());
    ApiClient.Response accounts = flotilla.api.get("/api/v1/accounts");
    List<String> outputs = new ArrayList<>(responses);
    outputs.add(feed.text());
    outputs.add(accounts.text());
    for (ILoggingEvent event : logs.list) {
      outputs.add(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
          : ThrowableProxyUtil.asString(event.getThrowableProxy())));
    }
    System.out.printf("checked %d responses and %d log lines for secrets%n", responses.size() + 2, logs.list.size());
    for (String secret : List.of(TestNodeConfig.ADMIN_TOKEN, VIEWER, DEPLOYER_A, DEPLOYER_B, WRONG, EXTERNAL_ID)) {
      for (String output : outputs) {
        assertFalse(output.contains(secret), "a secret in: " + output);
      }
    }
    assertTrue(accounts.text().contains("\"externalIdSet\":true"), accounts.text());
  }

  private static void record(Map<String, Map<String, String>> matrix, String route, String column, int expected,
      ApiClient.Response response, List<String> mismatches) {
    synchronized (responses) {
      responses.add(response.text());
    }
    boolean ok = response.status() == expected;
    matrix.computeIfAbsent(route, key -> new LinkedHashMap<>()).put(column, response.status() + (ok ? "" : "!"));
    if (!ok) {
      mismatches.add(route + " as " + column + ": expected " + expected + ", got " + response.status() + " "
          + response.text());
    }
  }

  /** What the unauthenticated calls could have changed: specs, revisions, releases, bulks, accounts. */
  private static String state() {
    StringBuilder out = new StringBuilder();
    JsonNode services = flotilla.api.get("/api/v1/services?limit=500").body();
    out.append("total=").append(services.path("total").asInt()).append('\n');
    for (JsonNode summary : services.path("services")) {
      String name = summary.path("service").asText();
      JsonNode status = flotilla.api.status(name);
      out.append(name).append(" revision=").append(status.path("revision").asInt())
          .append(" spec=").append(status.path("spec"))
          .append(" history=").append(status.path("history").size())
          .append(" active=").append(status.path("activeRelease").path("id").asText())
          .append(" queued=").append(status.path("queuedRelease").path("version").asText())
          .append(" revisions=").append(flotilla.api.get("/api/v1/services/" + name + "/revisions").body()
              .path("revisions").size()).append('\n');
    }
    out.append("accounts=").append(flotilla.api.get("/api/v1/accounts").text()).append('\n');
    out.append("bulk=").append(flotilla.api.get("/api/v1/releases/" + bulkToCancel).body().path("state"))
        .append('\n');
    return out.toString();
  }

  private static void print(Map<String, Map<String, String>> matrix) {
    List<String> callers = new ArrayList<>();
    matrix.values().forEach(row -> row.keySet().stream().map(column -> column.replaceAll("/[ab]$", ""))
        .filter(caller -> !callers.contains(caller)).forEach(callers::add));
    List<String> columns = callers.stream().flatMap(caller -> java.util.stream.Stream.of(caller + "/a", caller + "/b"))
        .toList();
    StringBuilder out = new StringBuilder("Security matrix: status per caller/team of the service (a, b); routes "
        + "without a team are called once, in the /a column; ! marks a status that was not the expected one\n");
    out.append(String.format("%-48s", "route"));
    columns.forEach(column -> out.append(String.format(" %-13s", column)));
    out.append('\n');
    matrix.forEach((route, row) -> {
      out.append(String.format("%-48s", route));
      columns.forEach(column -> out.append(String.format(" %-13s", row.getOrDefault(column, "-"))));
      out.append('\n');
    });
    System.out.println(out);
  }
}
