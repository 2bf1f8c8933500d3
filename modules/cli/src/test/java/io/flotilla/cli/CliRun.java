package io.flotilla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** One in-process run of the CLI with a given environment: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(Map<String, String> variables, Path home, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment = new CliEnvironment(variables, home, false, Clock.systemUTC());
    int code = Main.run(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }
}
