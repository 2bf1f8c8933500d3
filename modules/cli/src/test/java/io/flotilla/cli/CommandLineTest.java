package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How command lines are parsed: subcommands, their arguments, global options before or after the subcommand. */
class CommandLineTest {
  @TempDir
  Path home;

  private ParseResult parse(String... args) {
    CliEnvironment environment = new CliEnvironment(Map.of(), home, false, Clock.systemUTC());
    return new CommandLine(new FlotillaCommand(environment)).setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(args);
  }

  private static <T> T command(ParseResult result, Class<T> type) {
    return type.cast(result.subcommand().commandSpec().userObject());
  }

  private static FlotillaCommand root(ParseResult result) {
    return (FlotillaCommand) result.commandSpec().userObject();
  }

  @Test
  void releaseTakesServiceVersionAndFollowOptions() {
    ParseResult result = parse("release", "checkout", "1.2.0", "--timeout", "10m", "--plain");
    ReleaseCommand release = command(result, ReleaseCommand.class);
    assertEquals("checkout", release.service);
    assertEquals("1.2.0", release.version);
    assertEquals(java.time.Duration.ofMinutes(10), release.follow.timeout().orElseThrow());
    assertTrue(release.follow.plain);
    assertEquals(false, release.noWait);
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheSubcommand() {
    ParseResult before = parse("--server", "http://a:1", "-o", "json", "status", "x");
    assertEquals("http://a:1", root(before).server);
    assertEquals(FlotillaCommand.OutputFormat.json, root(before).output);

    ParseResult after = parse("status", "x", "--server", "http://b:2", "--output", "JSON");
    assertEquals("http://b:2", root(after).server, "an inherited option sets the root's field");
    assertEquals(FlotillaCommand.OutputFormat.json, root(after).output);
  }

  @Test
  void servicesFiltersAndPaging() {
    ServicesCommand services = command(parse("services", "--team", "payments", "--phase", "Holding", "--limit",
        "20", "--offset", "40", "--account", "prod", "--region", "eu-west-1"), ServicesCommand.class);
    assertEquals(List.of("payments", "Holding", 20, 40, "prod", "eu-west-1"), List.of(services.team, services.phase,
        services.limit, services.offset, services.account, services.region));
  }

  @Test
  void applyTakesRepeatedFilesAndDryRun() {
    ApplyCommand apply = command(parse("apply", "-f", "a.yaml", "--filename", "dir", "--dry-run"),
        ApplyCommand.class);
    assertEquals(List.of(Path.of("a.yaml"), Path.of("dir")), apply.files);
    assertTrue(apply.dryRun);
  }

  @Test
  void rollbackAndAbortTakeAReasonButPauseDoesNot() {
    assertEquals("p99 up", command(parse("rollback", "x", "--reason", "p99 up"), ActionCommands.Rollback.class)
        .reason);
    assertEquals("oops", command(parse("abort", "x", "--reason", "oops"), ActionCommands.Abort.class).reason);
    CliRun pause = CliRun.of(Map.of(), home, "pause", "x", "--reason", "no");
    assertEquals(ExitCodes.USAGE, pause.exitCode());
    assertTrue(pause.err().contains("Unknown options: '--reason'"), pause.err());
  }

  @Test
  void eventsFollowFlagAndFilters() {
    EventsCommand events = command(parse("events", "-f", "--service", "checkout", "--since", "10m"),
        EventsCommand.class);
    assertTrue(events.follow);
    assertEquals("checkout", events.service);
    assertEquals("10m", events.since);
  }

  @Test
  void badCommandLinesExitWithTheUsageCode() {
    assertEquals(ExitCodes.USAGE, CliRun.of(Map.of(), home, "release", "checkout").exitCode(), "version missing");
    assertEquals(ExitCodes.USAGE, CliRun.of(Map.of(), home, "apply").exitCode(), "-f is required");
    assertEquals(ExitCodes.USAGE, CliRun.of(Map.of(), home, "deploy", "x").exitCode(), "no such command");
    CliRun badOutput = CliRun.of(Map.of(), home, "-o", "xml", "services");
    assertEquals(ExitCodes.USAGE, badOutput.exitCode());
    assertTrue(badOutput.err().contains("text, json"), badOutput.err());
    CliRun badTimeout = CliRun.of(Map.of(ServerSetting.SERVER_VARIABLE, "http://127.0.0.1:1"), home,
        "release", "x", "1.0.0", "--timeout", "soon");
    assertEquals(ExitCodes.USAGE, badTimeout.exitCode(), badTimeout.err());
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRun help = CliRun.of(Map.of(), home, "--help");
    assertEquals(0, help.exitCode());
    for (String command : List.of("release", "rollback", "pause", "resume", "promote", "abort", "status",
        "services", "events", "apply", "bulk", "accounts")) {
      assertTrue(help.out().contains("\n  " + command + " "), command + " in\n" + help.out());
    }
    assertTrue(help.out().contains("3   release RolledBack"), help.out());
    CliRun releaseHelp = CliRun.of(Map.of(), home, "release", "--help");
    assertEquals(0, releaseHelp.exitCode());
    assertTrue(releaseHelp.out().contains("--no-wait"), releaseHelp.out());
  }
}
