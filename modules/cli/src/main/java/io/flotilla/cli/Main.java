package io.flotilla.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The entry point of {@code flotilla}: runs one command and exits with its code (see {@link ExitCodes}). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = CliEnvironment.writer(System.out);
    PrintWriter err = CliEnvironment.writer(System.err);
    int code = run(args, CliEnvironment.system(), out, err);
    out.flush();
    err.flush();
    // follow-mode readers run on their own threads: do not wait for them
    System.exit(code);
  }

  static int run(String[] args, CliEnvironment environment, PrintWriter out, PrintWriter err) {
    return commandLine(environment, out, err).execute(args);
  }

  static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new FlotillaCommand(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
      if (failure instanceof CliException known) {
        line.getErr().println("flotilla: " + known.getMessage());
        line.getErr().flush();
        return known.exitCode();
      }
      throw failure;
    });
    return commandLine;
  }
}
