package io.flotilla.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may read from the world it runs in: environment variables, the home directory, whether output goes
 * to a terminal, and the clock. Tests pass their own; {@link #system()} is the real one.
 */
record CliEnvironment(Map<String, String> variables, Path home, boolean terminal, Clock clock) {

  static CliEnvironment system() {
    // System.console() is non-null only when both stdin and stdout are terminals: progress bars need both
    return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
        System.console() != null && !"dumb".equals(System.getenv("TERM")), Clock.systemDefaultZone());
  }

  Optional<String> variable(String name) {
    return Optional.ofNullable(variables.get(name)).map(String::trim).filter(value -> !value.isEmpty());
  }

  static PrintWriter writer(java.io.OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
