package io.flotilla.cli;

/** A failure the user can act on: its message is printed as is (no stack trace) and the CLI exits with its code. */
class CliException extends RuntimeException {
  private final int exitCode;

  CliException(String message) {
    this(message, ExitCodes.ERROR);
  }

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
