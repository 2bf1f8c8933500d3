package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which server the CLI talks to: --server, then FLOTILLA_SERVER, then the config file, then the default. */
class ServerSettingTest {
  @TempDir
  Path home;

  private CliEnvironment environment(Map<String, String> variables) {
    return new CliEnvironment(variables, home, false, Clock.systemUTC());
  }

  private void writeDefaultConfig(String text) throws IOException {
    Path file = home.resolve(".config/flotilla/config.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void defaultWhenNothingIsSet() {
    ServerSetting setting = ServerSetting.resolve(null, environment(Map.of()));
    assertEquals(new ServerSetting("http://localhost:8080", "the default"), setting);
  }

  @Test
  void configFileUnderHomeIsUsed() throws IOException {
    writeDefaultConfig("server: http://from-file:9000/\n");
    ServerSetting setting = ServerSetting.resolve(null, environment(Map.of()));
    assertEquals("http://from-file:9000", setting.url(), "trailing slash dropped");
    assertTrue(setting.source().contains(".config/flotilla/config.yaml"), setting.source());
  }

  @Test
  void environmentBeatsTheFileAndTheFlagBeatsBoth() throws IOException {
    writeDefaultConfig("server: http://from-file:9000\n");
    Map<String, String> variables = Map.of(ServerSetting.SERVER_VARIABLE, "http://from-env:9001");
    assertEquals("http://from-env:9001", ServerSetting.resolve(null, environment(variables)).url());
    assertEquals("http://from-flag:9002", ServerSetting.resolve("http://from-flag:9002", environment(variables))
        .url());
  }

  @Test
  void flotillaConfigNamesAnotherFile() throws IOException {
    writeDefaultConfig("server: http://default-file:1\n");
    Path other = Files.writeString(home.resolve("other.yaml"), "server: other-host:7000\n");
    ServerSetting setting = ServerSetting.resolve(null, environment(Map.of(CliConfig.CONFIG_VARIABLE,
        other.toString())));
    assertEquals("http://other-host:7000", setting.url(), "host:port alone means http");
  }

  @Test
  void xdgConfigHomeMovesTheDefaultFile() throws IOException {
    Path xdg = Files.createDirectories(home.resolve("xdg/flotilla"));
    Files.writeString(xdg.resolve("config.yaml"), "server: http://xdg:1\n");
    Map<String, String> variables = new HashMap<>();
    variables.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
    assertEquals("http://xdg:1", ServerSetting.resolve(null, environment(variables)).url());
  }

  @Test
  void keysThisVersionDoesNotKnowAreIgnored() throws IOException {
    writeDefaultConfig("server: http://s:1\ntoken: abc\nfuture: {nested: true}\n");
    assertEquals("http://s:1", ServerSetting.resolve(null, environment(Map.of())).url());
  }

  @Test
  void aMissingNamedConfigFileIsAnError() {
    CliException failure = assertThrows(CliException.class, () -> ServerSetting.resolve(null,
        environment(Map.of(CliConfig.CONFIG_VARIABLE, home.resolve("nope.yaml").toString()))));
    assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
  }

  @Test
  void aBrokenConfigFileSaysWhereAndWhat() throws IOException {
    writeDefaultConfig("server: [1, 2]\n");
    CliException notAUrl = assertThrows(CliException.class, () -> ServerSetting.resolve(null,
        environment(Map.of())));
    assertTrue(notAUrl.getMessage().contains("config.yaml: server: must be a URL"), notAUrl.getMessage());
    writeDefaultConfig("server: {\n");
    CliException syntax = assertThrows(CliException.class, () -> ServerSetting.resolve(null, environment(Map.of())));
    assertTrue(syntax.getMessage().contains("line "), syntax.getMessage());
  }

  @Test
  void anInvalidUrlNamesItsSource() {
    CliException failure = assertThrows(CliException.class, () -> ServerSetting.resolve(null,
        environment(Map.of(ServerSetting.SERVER_VARIABLE, "ftp://x"))));
    assertTrue(failure.getMessage().contains("FLOTILLA_SERVER"), failure.getMessage());
  }
}
