package io.flotilla.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code flotilla} command: global options, and one subcommand per task. Global options, help and the exit-code
 * list are inherited: they may be given before or after the subcommand ({@code flotilla --server URL status x} or
 * {@code flotilla status x --server URL}).
 */
@Command(name = "flotilla",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "flotilla CLI (Flotilla API v1)",
    description = {"The command line of a Flotilla server, which releases HTTP services as immutable environments.",
        "",
        "Server: --server, else $FLOTILLA_SERVER, else 'server:' in the config file, else the default:",
        "  " + ServerSetting.DEFAULT_URL,
        "Token: --token, else $FLOTILLA_TOKEN, else 'token:' in the config file",
        "Config file: $FLOTILLA_CONFIG, else ~/.config/flotilla/config.yaml",
        ""},
    subcommands = {
        ReleaseCommand.class,
        ActionCommands.Rollback.class,
        ActionCommands.Pause.class,
        ActionCommands.Resume.class,
        ActionCommands.Promote.class,
        ActionCommands.Abort.class,
        StatusCommand.class,
        ServicesCommand.class,
        EventsCommand.class,
        ApplyCommand.class,
        BulkCommand.class,
        AccountsCommand.class,
        HashTokenCommand.class,
        HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success; for release: Promoted",
        "1:error: server unreachable, API error, invalid files",
        "2:invalid command line",
        "3:release RolledBack",
        "4:release Failed; bulk: some items not Promoted",
        "5:release Aborted",
        "6:release Superseded by a newer request",
        "7:--timeout passed before the release ended"})
final class FlotillaCommand implements Runnable {

  /** How results are printed. */
  enum OutputFormat { text, json }

  @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "the Flotilla server, e.g. http://flotilla.example.com:8080")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "the bearer token (prefer $FLOTILLA_TOKEN or the config file: a flag shows in the process list)")
  String token;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "text",
      description = "text (default), or json: the API's JSON, one document per line, for scripts")
  OutputFormat output;

  @Spec
  CommandSpec spec;

  private final CliEnvironment environment;
  private Session session;

  FlotillaCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  /** The session of this invocation, made on first use so that {@code --help} needs no server or config. */
  Session session() {
    if (session == null) {
      ServerSetting setting = ServerSetting.resolve(server, environment);
      Output out = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), output == OutputFormat.json,
          environment.terminal());
      session = new Session(new ApiClient(setting, TokenSetting.resolve(token, environment)), out, environment);
    }
    return session;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
