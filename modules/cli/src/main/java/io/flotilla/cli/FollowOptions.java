package io.flotilla.cli;

import io.flotilla.model.DurationText;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of commands that follow a release until it ends. */
final class FollowOptions {
  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "stop following after this long (e.g. 30m) and exit " + ExitCodes.TIMED_OUT
          + "; the release goes on")
  String timeout;

  @Option(names = "--plain", description = "one line per event, no progress bar, even on a terminal")
  boolean plain;

  Optional<Duration> timeout() {
    if (timeout == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(DurationText.parse(timeout));
    } catch (IllegalArgumentException e) {
      throw new CliException("--timeout: " + e.getMessage(), ExitCodes.USAGE);
    }
  }
}
