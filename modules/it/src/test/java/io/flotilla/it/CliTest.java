package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, criterion e: the real {@code flotilla} command, as a process, against a running node (real Cassandra, the
 * local cloud): a release followed to Promoted exits 0; rolled-back and failed releases exit non-zero; {@code apply}
 * twice is a no-op the second time; {@code --output json} is JSON; errors say what went wrong.
 */
class CliTest {
  private static final Duration RUN = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestFlotilla flotilla;
  private static String server;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("cli");
    server = flotilla.node.apiUrl();
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  private static CliProcess.Result flotilla(String... args) throws Exception {
    List<String> withServer = new ArrayList<>(List.of(args));
    withServer.addAll(List.of("--server", server));
    return CliProcess.run(RUN, Map.of(), withServer.toArray(String[]::new));
  }

  /** Registers {@code name} with a first step of {@code weight}% held for {@code hold}, serving 1.0.0. */
  private static String serving(String name, int weight, String hold, String analysis) {
    flotilla.register("""
        name: %s
        image: demo/%s
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: %d, hold: %s}, {weight: 100}], environmentTimeout: 10s}
        retention: {keepPreviousFor: 1h}
        analysis: %s
        """.formatted(name, name, weight, hold, analysis));
    flotilla.api.release(name, "1.0.0");
    return flotilla.awaitIdle(name, Duration.ofSeconds(60)).path("endpointUrl").asText();
  }

  @Test
  void releaseOfAGoodVersionIsFollowedStepByStepToPromotedAndExitsZero() throws Exception {
    serving("good", 40, "2s", "{metrics: []}");
    CliProcess.Result result = flotilla("release", "good", "2.0.0");

    assertEquals(0, result.exitCode(), result.toString());
    String out = result.out();
    assertTrue(out.startsWith("good: release of 2.0.0 started (rel-2)\n"), out);
    assertInOrder(out, "ReleaseRequested        rel-2: 2.0.0 with revision 1, steps 40% 2s, 100%",
        "EnvironmentRequested", "EnvironmentReady",
        "StepHeld                rel-2: step 1/2: 40% to 2.0.0",
        "TrafficShiftRequested   rel-2: step 2/2: traffic to 2.0.0 100%",
        "ReleasePromoted         rel-2: 2.0.0 promoted, serves 100%",
        "Promoted: good 2.0.0 (rel-2) after ");
    assertFalse(out.contains("\u001b["), "no terminal: no progress bar, one line per event");
    assertEquals("Promoted", TestFlotilla.lastOutcome(flotilla.api.status("good")));
  }

  @Test
  void versionTheComparatorRejectsIsRolledBackAndExitsThree() throws Exception {
    String url = serving("regress", 25, "2m", """
        {interval: 2s, warmup: 1s, minRequests: 50, metrics: [{name: errors, type: error-rate, maxIncrease: 0.01, \
        critical: true}]}""");
    try (LoadGenerator load = LoadGenerator.start(url, 200)) {
      CliProcess.Result result = flotilla("release", "regress", "2.0.0-bad");

      assertEquals(3, result.exitCode(), result.toString());
      assertInOrder(result.out(), "StepHeld", "AnalysisRecorded        rel-2: step 1/2: fail",
          "RollbackRequested       rel-2: rolling back, all traffic to 1.0.0 (automatic): analysis failed",
          "ReleaseRolledBack       rel-2: 2.0.0-bad rolled back, traffic on 1.0.0",
          "RolledBack: regress 2.0.0-bad (rel-2) after ");
    }
  }

  @Test
  void rollbackFromAnotherProcessEndsTheFollowedReleaseWithExitThree() throws Exception {
    serving("manual", 50, "10m", "{metrics: []}");
    CliProcess follower = CliProcess.start(Map.of(), "release", "manual", "2.0.0", "--server", server);
    flotilla.awaitPhase("manual", "Holding", 0, Duration.ofSeconds(60));
    Eventually.until(Duration.ofSeconds(30), () -> {
      try {
        return follower.out().contains("StepHeld");
      } catch (IOException e) {
        return false;
      }
    }, "the follower to show the held step");

    CliProcess.Result rollback = flotilla("rollback", "manual", "--reason", "checked by hand");
    assertEquals(0, rollback.exitCode(), rollback.toString());
    assertTrue(rollback.out().contains("manual: all traffic back to"), rollback.out());

    CliProcess.Result followed = follower.await(RUN);
    assertEquals(3, followed.exitCode(), followed.toString());
    assertInOrder(followed.out(), "RollbackRequested       rel-2: rolling back, all traffic to 1.0.0: checked by hand",
        "ReleaseRolledBack", "RolledBack: manual 2.0.0 (rel-2) after ");
    assertTrue(followed.out().trim().endsWith(": checked by hand"), followed.out());
  }

  @Test
  void releaseWhoseEnvironmentNeverBecomesHealthyFailsWithExitFour() throws Exception {
    serving("broken", 50, "1m", "{metrics: []}");
    CliProcess.Result result = flotilla("release", "broken", "2.0.0-broken");
    assertEquals(4, result.exitCode(), result.toString());
    assertInOrder(result.out(), "EnvironmentRequested", "ReleaseFailed", "Failed: broken 2.0.0-broken (rel-2)");
  }

  @Test
  void bulkReleasesEveryItemShowsProgressAndExitsFourWhenAnItemFailed() throws Exception {
    serving("bulk-a", 50, "1s", "{metrics: []}");
    serving("bulk-b", 50, "1s", "{metrics: []}");
    serving("bulk-c", 50, "1s", "{metrics: []}");
    Path file = Files.createTempFile("bulk", ".yaml");
    Files.writeString(file, """
        failureBudget: 2
        items:
          - {service: bulk-a, version: 2.0.0}
          - {service: bulk-b, version: 2.0.0-broken}
          - {service: bulk-c, version: 2.0.0}
        """);
    CliProcess.Result result = flotilla("bulk", file.toString(), "--max-concurrent", "2", "--interval", "500ms");

    assertEquals(4, result.exitCode(), result.toString());
    String out = result.out();
    assertTrue(out.matches("(?s)bulk release bulk-[0-9a-f]+ accepted: 3 of 3 items\n.*"), out);
    assertInOrder(out, "(running)", "ended: 3/3 ended (completed) | promoted 2 | failed 1",
        "bulk-b   2.0.0-broken  failed");
    for (String name : List.of("bulk-a", "bulk-c")) {
      assertEquals("Promoted", TestFlotilla.lastOutcome(flotilla.api.status(name)), name);
    }
    assertEquals("Failed", TestFlotilla.lastOutcome(flotilla.api.status("bulk-b")));
  }

  @Test
  void applyTwiceCreatesAndUpdatesWithADiffThenChangesNothing() throws Exception {
    flotilla.register("""
        name: applied-old
        image: demo/applied-old
        runtime: {minInstances: 1}
        """);
    Path specs = Files.createDirectories(Path.of("target", "cli", "specs-" + System.nanoTime()));
    Files.writeString(specs.resolve("applied-old.yaml"), """
        name: applied-old
        image: demo/applied-old
        runtime: {minInstances: 2}
        """);
    Files.writeString(specs.resolve("applied-new.json"), """
        {"name": "applied-new", "image": "demo/applied-new", "rollout": {"preset": "all-at-once"}}
        """);

    CliProcess.Result first = flotilla("apply", "-f", specs.toString());
    assertEquals(0, first.exitCode(), first.toString());
    assertInOrder(first.out(), "applied-new: created (revision 1)", "+name: applied-new",
        "applied-old: updated (revision 2)", "-  minInstances: 1", "+  minInstances: 2",
        "2 specs: 1 created, 1 updated");
    assertEquals(2, revisions("applied-old"));
    assertEquals(1, revisions("applied-new"));
    assertEquals(2, flotilla.api.status("applied-old").path("spec").path("runtime").path("minInstances").asInt());
    int eventsBefore = eventCount("applied-old") + eventCount("applied-new");

    CliProcess.Result second = flotilla("apply", "-f", specs.toString());
    assertEquals(0, second.exitCode(), second.toString());
    assertTrue(second.out().contains("applied-new: unchanged (revision 1)"), second.out());
    assertTrue(second.out().contains("applied-old: unchanged (revision 2)"), second.out());
    assertTrue(second.out().endsWith("2 specs: 2 unchanged\n"), second.out());
    assertFalse(second.out().contains("@@"), "no diff the second time");
    assertEquals(2, revisions("applied-old"), "no new revision");
    assertEquals(1, revisions("applied-new"), "no new revision");
    assertEquals(eventsBefore, eventCount("applied-old") + eventCount("applied-new"), "nothing happened at all");

    JsonNode json = JSON.readTree(flotilla("apply", "-f", specs.toString(), "-o", "json").out());
    for (JsonNode result : json.path("results")) {
      assertEquals("unchanged", result.path("outcome").asText(), json.toString());
    }
    assertEquals(2, json.path("results").size());
  }

  @Test
  void jsonOutputIsTheApisJson() throws Exception {
    serving("scripted", 50, "1m", "{metrics: []}");
    JsonNode status = JSON.readTree(flotilla("status", "scripted", "-o", "json").out());
    assertEquals("scripted", status.path("service").asText());
    assertEquals("1.0.0", status.path("desired").get(0).path("version").asText());

    JsonNode services = JSON.readTree(flotilla("services", "--output", "json", "--limit", "500").out());
    List<String> names = new ArrayList<>();
    services.path("services").forEach(service -> names.add(service.path("service").asText()));
    assertTrue(names.contains("scripted"), names.toString());

    JsonNode events = JSON.readTree(flotilla("events", "--service", "scripted", "-o", "json").out());
    assertEquals("SpecChanged", events.path("events").get(0).path("type").asText());

    JsonNode accounts = JSON.readTree(flotilla("accounts", "-o", "json").out());
    assertEquals("local", accounts.path("accounts").get(0).path("id").asText());

    CliProcess.Result noWait = flotilla("release", "scripted", "1.1.0", "--no-wait", "-o", "json");
    assertEquals(0, noWait.exitCode(), noWait.toString());
    assertEquals("started", JSON.readTree(noWait.out()).path("outcome").asText());
    flotilla.api.post("/api/v1/services/scripted/abort", "{}");
  }

  @Test
  void eventsFollowShowsAReleaseAsItHappens() throws Exception {
    serving("watched", 50, "1s", "{metrics: []}");
    // from this instant on, however long the process takes to connect; the earlier events stay out
    String since = Instant.now().toString();
    CliProcess follower = CliProcess.start(Map.of(), "events", "-f", "--service", "watched", "--since", since,
        "--server", server);
    try {
      assertEquals(202, flotilla.api.release("watched", "2.0.0").status());
      Eventually.until(Duration.ofSeconds(60), () -> {
        try {
          return follower.out().contains("ReleasePromoted         rel-2: 2.0.0 promoted");
        } catch (IOException e) {
          return false;
        }
      }, "the live feed to show the promotion");
      assertInOrder(follower.out(), "ReleaseRequested        rel-2", "StepHeld", "ReleasePromoted");
      assertFalse(follower.out().contains("SpecChanged"), "only events since the given instant");
    } finally {
      follower.stop();
    }
  }

  @Test
  void unknownServiceExitsNonZeroWithTheApisMessage() throws Exception {
    CliProcess.Result status = flotilla("status", "nosuch");
    assertEquals(1, status.exitCode(), status.toString());
    assertEquals("flotilla: service 'nosuch' does not exist\n", status.err());

    CliProcess.Result release = flotilla("release", "nosuch", "1.0.0");
    assertEquals(1, release.exitCode(), release.toString());
    assertTrue(release.err().contains("service 'nosuch' does not exist"), release.err());
  }

  @Test
  void serverThatIsDownIsAClearMessage() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliProcess.Result result = CliProcess.run(RUN, Map.of("FLOTILLA_SERVER", "http://127.0.0.1:" + port),
        "services");
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.err().startsWith("flotilla: cannot connect to the Flotilla server at http://127.0.0.1:" + port
        + " (connection refused); is it running? The URL comes from FLOTILLA_SERVER"), result.err());
  }

  @Test
  void configFileNamesTheServerAndTheLauncherRunsTheCli() throws Exception {
    Path config = Files.writeString(Files.createDirectories(Path.of("target", "cli")).resolve("config.yaml"),
        "server: " + server + "\ntoken: for-a-later-version\n");
    CliProcess.Result viaConfig = CliProcess.run(RUN, Map.of("FLOTILLA_CONFIG", config.toAbsolutePath().toString()),
        "accounts");
    assertEquals(0, viaConfig.exitCode(), viaConfig.toString());
    assertTrue(viaConfig.out().startsWith("ID     ALIAS  REGIONS  ROLE  SOURCE\nlocal  local  local"),
        viaConfig.out());

    Path root = Path.of("").toAbsolutePath().getParent().getParent();
    CliProcess.Result launcher = CliProcess.startLauncher(root, Map.of("FLOTILLA_SERVER", server), "accounts")
        .await(RUN);
    assertEquals(0, launcher.exitCode(), launcher.toString());
    assertEquals(viaConfig.out(), launcher.out());
  }

  private static int revisions(String service) {
    return flotilla.api.get("/api/v1/services/" + service + "/revisions").body().path("revisions").size();
  }

  private static int eventCount(String service) {
    return flotilla.api.get("/api/v1/events?service=" + service + "&limit=1000").body().path("events").size();
  }

  /** Each expected text appears in {@code out}, after the previous one. */
  private static void assertInOrder(String out, String... expected) {
    int from = 0;
    for (String text : expected) {
      int at = out.indexOf(text, from);
      assertTrue(at >= 0, "'" + text + "' after position " + from + " in:\n" + out);
      from = at + text.length();
    }
  }
}
