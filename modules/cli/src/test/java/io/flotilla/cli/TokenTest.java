package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token: from --token, $FLOTILLA_TOKEN or the config file, sent on every request, never printed. */
class TokenTest {

  @TempDir
  Path home;

  private final FakeApi api;

  TokenTest() throws IOException {
    api = new FakeApi();
    api.on("GET /api/v1/services", 200, "{\"services\":[],\"offset\":0,\"limit\":50,\"total\":0}");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private CliRun run(Map<String, String> variables, String... args) {
    Map<String, String> all = new HashMap<>(variables);
    all.put(ServerSetting.SERVER_VARIABLE, api.url());
    return CliRun.of(all, home, args);
  }

  private String lastAuthorization() {
    return api.requests().get(api.requests().size() - 1).authorization();
  }

  @Test
  void sendsTheTokenFromTheConfigFile() throws IOException {
    Path config = Files.createDirectories(home.resolve(".config/flotilla")).resolve("config.yaml");
    Files.writeString(config, "token: from-file\n");
    CliRun run = run(Map.of(), "services");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("Bearer from-file", lastAuthorization());
  }

  @Test
  void theVariableWinsOverTheFileAndTheFlagOverBoth() throws IOException {
    Path config = Files.createDirectories(home.resolve(".config/flotilla")).resolve("config.yaml");
    Files.writeString(config, "token: from-file\n");
    run(Map.of(TokenSetting.TOKEN_VARIABLE, "from-env"), "services");
    assertEquals("Bearer from-env", lastAuthorization());
    run(Map.of(TokenSetting.TOKEN_VARIABLE, "from-env"), "services", "--token", "from-flag");
    assertEquals("Bearer from-flag", lastAuthorization());
  }

  @Test
  void noTokenSendsNoHeader() {
    run(Map.of(), "services");
    assertNull(lastAuthorization());
  }

  @Test
  void a401SaysWhereTheTokenCameFromWithoutShowingIt() {
    api.on("GET /api/v1/services", 401, "{\"error\":\"unauthorized\",\"message\":\"the bearer token is missing, "
        + "malformed or not known\",\"details\":[]}");
    CliRun run = run(Map.of(TokenSetting.TOKEN_VARIABLE, "wrong-secret"), "services");
    assertEquals(ExitCodes.ERROR, run.exitCode());
    assertTrue(run.err().contains("401"), run.err());
    assertTrue(run.err().contains("comes from FLOTILLA_TOKEN"), run.err());
    assertFalse(run.err().contains("wrong-secret") || run.out().contains("wrong-secret"), run.err());
  }

  @Test
  void hashTokenPrintsANewTokenWithItsSha256() {
    CliRun run = run(Map.of(), "hash-token", "--generate");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().split("\n");
    assertTrue(lines[0].startsWith("token: fl_"), run.out());
    assertEquals("sha256: " + HashTokenCommand.sha256Hex(lines[0].substring("token: ".length())), lines[1]);
    // FIPS 180-2 test vector
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HashTokenCommand.sha256Hex("abc"));
  }
}
