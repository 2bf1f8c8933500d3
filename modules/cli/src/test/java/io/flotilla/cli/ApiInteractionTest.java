package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.model.Json;
import io.flotilla.model.SpecCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a stand-in server: errors, JSON output, routes the server lacks, polling, apply's decisions. */
class ApiInteractionTest {
  @TempDir
  Path home;

  private final FakeApi api;

  ApiInteractionTest() throws IOException {
    api = new FakeApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private CliRun run(String... args) {
    return CliRun.of(Map.of(ServerSetting.SERVER_VARIABLE, api.url()), home, args);
  }

  @Test
  void unknownServiceExitsNonZeroWithTheApiMessage() {
    api.on("GET /api/v1/services/nosuch", 404,
        "{\"error\":\"not_found\",\"message\":\"service 'nosuch' does not exist\",\"details\":[]}");
    CliRun status = run("status", "nosuch");
    assertEquals(ExitCodes.ERROR, status.exitCode());
    assertEquals("flotilla: service 'nosuch' does not exist\n", status.err());
    assertEquals("", status.out());
  }

  @Test
  void invalidRequestShowsEveryField() {
    api.on("POST /api/v1/services/shop/releases", 400, "{\"error\":\"invalid_request\",\"message\":\"2 invalid"
        + " fields: version: too long; reason: unknown\",\"details\":[{\"field\":\"version\",\"message\":\"too long\"},"
        + "{\"field\":\"reason\",\"message\":\"unknown\"}]}");
    CliRun release = run("release", "shop", "1.0.0");
    assertEquals(ExitCodes.ERROR, release.exitCode());
    assertTrue(release.err().contains("2 invalid fields:\n  version: too long\n  reason: unknown"), release.err());
  }

  @Test
  void aRouteTheServerDoesNotHaveIsNamedAsSuch() throws IOException {
    Path file = Files.writeString(home.resolve("bulk.yaml"), "- {service: a, version: 1.0.0}\n");
    CliRun bulk = run("bulk", file.toString());
    assertEquals(ExitCodes.ERROR, bulk.exitCode());
    assertTrue(bulk.err().contains("does not offer POST /api/v1/releases"), bulk.err());
    assertTrue(bulk.err().contains("older Flotilla"), bulk.err());
  }

  @Test
  void aServerThatIsDownIsReportedWithWhereItsUrlCameFrom() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CliRun status = CliRun.of(Map.of(), home, "status", "shop", "--server", "http://127.0.0.1:" + closedPort);
    assertEquals(ExitCodes.ERROR, status.exitCode());
    assertTrue(status.err().startsWith("flotilla: cannot connect to the Flotilla server at http://127.0.0.1:"
        + closedPort + " (connection refused); is it running? The URL comes from --server"), status.err());
  }

  @Test
  void jsonOutputIsTheApiBodyAsSent() {
    String body = "{\"service\":\"shop\",\"revision\":2,\"desired\":[],\"history\":[]}";
    api.on("GET /api/v1/services/shop", 200, body);
    CliRun status = run("status", "shop", "-o", "json");
    assertEquals(0, status.exitCode(), status.err());
    assertEquals(body + "\n", status.out());
  }

  @Test
  void bulkSendsTheItemsAndFollowsTheProgressUntilItEnds() throws IOException {
    Path file = Files.writeString(home.resolve("bulk.yaml"), """
        items:
          - {service: a, version: 1.0.0}
          - {service: b, version: 2.0.0}
        failureBudget: 1
        """);
    api.on("POST /api/v1/releases", 202, "{\"id\":\"b-7\",\"created\":true,\"state\":\"running\",\"items\":2,"
        + "\"accepted\":2,\"invalid\":[]}");
    AtomicInteger reads = new AtomicInteger();
    api.on("GET /api/v1/releases/b-7", () -> new FakeApi.Answer(200, reads.incrementAndGet() < 2
        ? "{\"id\":\"b-7\",\"state\":\"running\",\"finished\":false,\"total\":2,"
            + "\"counts\":{\"in-flight\":1,\"pending\":1},\"items\":[]}"
        : "{\"id\":\"b-7\",\"state\":\"stopped-by-budget\",\"finished\":true,\"total\":2,"
            + "\"counts\":{\"promoted\":1,\"rolled-back\":1},\"items\":[]}", Map.of()));
    api.on("GET /api/v1/releases/b-7?state=rolled-back&limit=50", 200, "{\"id\":\"b-7\",\"items\":[{\"service\":"
        + "\"b\",\"version\":\"2.0.0\",\"state\":\"rolled-back\",\"reason\":\"analysis failed\"}]}");
    CliRun bulk = run("bulk", file.toString(), "--max-concurrent", "5", "--interval", "100ms");
    assertEquals(ExitCodes.FAILED, bulk.exitCode(), bulk.out() + bulk.err());
    assertTrue(bulk.out().contains("bulk release b-7 accepted: 2 of 2 items"), bulk.out());
    assertTrue(bulk.out().contains("0/2 ended (running) | pending 1 | in-flight 1"), bulk.out());
    assertTrue(bulk.out().contains("ended: 2/2 ended (stopped-by-budget) | promoted 1 | rolled-back 1"), bulk.out());
    assertTrue(bulk.out().contains("b        2.0.0    rolled-back  analysis failed"), bulk.out());

    FakeApi.Request post = api.requests().get(0);
    assertEquals("{\"items\":[{\"service\":\"a\",\"version\":\"1.0.0\"},{\"service\":\"b\",\"version\":\"2.0.0\"}],"
        + "\"failureBudget\":1,\"maxConcurrent\":5}", post.body());
    assertTrue(post.idempotencyKey() != null && !post.idempotencyKey().isBlank(), "retries are safe");
  }

  @Test
  void releaseFollowsTheStatusWhenTheServerHasNoEventFeed() {
    api.on("POST /api/v1/services/shop/releases", 202,
        "{\"outcome\":\"started\",\"message\":\"release of 2.0.0 started\",\"releaseId\":\"rel-2\",\"revision\":1}");
    AtomicInteger reads = new AtomicInteger();
    String release = "{\"id\":\"rel-2\",\"version\":\"2.0.0\",\"requestedAt\":\"2026-01-31T12:00:00Z\","
        + "\"updatedAt\":\"2026-01-31T12:00:40Z\",\"steps\":[{\"weight\":10},{\"weight\":100}],\"step\":0,";
    api.on("GET /api/v1/services/shop", () -> new FakeApi.Answer(200, reads.incrementAndGet() < 3
        ? "{\"activeRelease\":" + release + "\"phase\":\"Holding\"},\"history\":[]}"
        : "{\"history\":[" + release + "\"phase\":\"RolledBack\",\"reason\":\"requested\"}]}", Map.of()));
    CliRun run = run("release", "shop", "2.0.0");
    assertEquals(ExitCodes.ROLLED_BACK, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("live events unavailable"), run.err());
    assertTrue(run.out().contains("Holding"), "progress lines from the status:\n" + run.out());
    assertTrue(run.out().endsWith("RolledBack: shop 2.0.0 (rel-2) after 40s: requested\n"), run.out());
  }

  @Test
  void followingSurvivesAServerThatIsBrieflyUnavailable() {
    api.on("POST /api/v1/services/shop/releases", 202,
        "{\"outcome\":\"started\",\"message\":\"release of 2.0.0 started\",\"releaseId\":\"rel-2\"}");
    AtomicInteger reads = new AtomicInteger();
    String release = "{\"id\":\"rel-2\",\"version\":\"2.0.0\",\"requestedAt\":\"2026-01-31T12:00:00Z\","
        + "\"steps\":[{\"weight\":100}],\"step\":0,";
    api.on("GET /api/v1/services/shop", () -> switch (reads.incrementAndGet()) {
      case 1 -> new FakeApi.Answer(200, "{\"activeRelease\":" + release + "\"phase\":\"Provisioning\"}}", Map.of());
      case 2, 3 -> new FakeApi.Answer(503, "{\"error\":\"unavailable\",\"message\":\"the event store is not"
          + " available; try again shortly\"}", Map.of());
      default -> new FakeApi.Answer(200, "{\"history\":[" + release + "\"phase\":\"Promoted\"}]}", Map.of());
    });
    CliRun run = run("release", "shop", "2.0.0");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("the event store is not available; try again shortly; still following"),
        run.err());
    assertTrue(run.out().contains("Promoted: shop 2.0.0 (rel-2)"), run.out());
  }

  @Test
  void applySendsOnlySpecsThatDifferFromTheServers() throws IOException {
    Path specs = Files.createDirectories(home.resolve("specs"));
    Files.writeString(specs.resolve("same.yaml"), "name: same\nimage: demo/same\n");
    Files.writeString(specs.resolve("changed.yaml"), "name: changed\nimage: demo/changed\nruntime: {minInstances: 3}\n");
    Files.writeString(specs.resolve("README.md"), "not a spec");
    api.on("GET /api/v1/services/same", 200, status(3, "name: same\nimage: demo/same\n"));
    api.on("GET /api/v1/services/changed", 200, status(1, "name: changed\nimage: demo/changed\n"));
    api.on("PUT /api/v1/services/changed", 200, "{\"outcome\":\"updated\",\"message\":\"revision 2\",\"revision\":2}");

    CliRun apply = run("apply", "-f", specs.toString());
    assertEquals(0, apply.exitCode(), apply.err());
    assertTrue(apply.out().contains("changed: updated (revision 2)"), apply.out());
    assertTrue(apply.out().contains("-  minInstances: 2\n    +  minInstances: 3"), apply.out());
    assertTrue(apply.out().contains("same: unchanged (revision 3)"), apply.out());
    assertTrue(apply.out().endsWith("2 specs: 1 updated, 1 unchanged\n"), apply.out());
    assertEquals(1, api.requests().stream().filter(request -> request.method().equals("PUT")).count(),
        "only the changed spec is sent");
  }

  @Test
  void applyValidatesEveryFileBeforeSendingAny() throws IOException {
    Path specs = Files.createDirectories(home.resolve("specs"));
    Files.writeString(specs.resolve("good.yaml"), "name: good\nimage: demo/good\n");
    Files.writeString(specs.resolve("bad.yaml"), "name: bad\nimage: demo/bad\nrollout: {steps: [{weight: 500}]}\n");
    CliRun apply = run("apply", "-f", specs.toString());
    assertEquals(ExitCodes.ERROR, apply.exitCode());
    assertTrue(apply.err().contains("bad.yaml: rollout.steps[0].weight"), apply.err());
    assertEquals(0, api.requests().size(), "nothing sent");
  }

  @Test
  void applyRefusesHugeAndNonUtf8FilesWithoutSendingAnything() throws IOException {
    Path specs = Files.createDirectories(home.resolve("odd-specs"));
    Files.write(specs.resolve("huge.yaml"), new byte[5 << 20]);
    Files.write(specs.resolve("latin1.yaml"), "name: caf\u00e9\nimage: x\n".getBytes(StandardCharsets.ISO_8859_1));
    CliRun apply = run("apply", "-f", specs.toString());
    assertEquals(ExitCodes.ERROR, apply.exitCode());
    assertTrue(apply.err().contains("huge.yaml: cannot read: the file has 5242880 bytes"), apply.err());
    assertTrue(apply.err().contains("latin1.yaml: cannot read: the file is not UTF-8 text"), apply.err());
    assertEquals(0, api.requests().size(), "nothing sent");
  }

  private static String status(int revision, String yaml) {
    return "{\"service\":\"x\",\"revision\":" + revision + ",\"spec\":" + SpecCodec.toTree(SpecCodec.readYaml(yaml))
        + "}";
  }
}
