package io.flotilla.cli;

import java.util.Locale;

/**
 * What {@code flotilla} exits with. A release's outcome is its exit code, so that a CI step fails when the release
 * did not end {@code Promoted}; every other failure is {@link #ERROR}, and a command line picocli cannot parse is
 * {@link #USAGE}.
 */
public final class ExitCodes {
  /** The command did what it was asked; a followed release was promoted (or its version already served). */
  public static final int OK = 0;
  /** The server was unreachable, answered with an error, or the input files were invalid. */
  public static final int ERROR = 1;
  /** The command line itself was invalid (unknown option, missing argument). */
  public static final int USAGE = 2;
  /** The release was rolled back, automatically or on request. */
  public static final int ROLLED_BACK = 3;
  /** The release failed (e.g. its environment never became healthy); a bulk release left items not promoted. */
  public static final int FAILED = 4;
  /** The release was aborted. */
  public static final int ABORTED = 5;
  /** A newer request replaced the release before it ran. */
  public static final int SUPERSEDED = 6;
  /** {@code --timeout} passed while the release was still in flight; it goes on without the CLI. */
  public static final int TIMED_OUT = 7;

  private ExitCodes() {}

  /** The exit code of a release that ended in {@code phase} (the API's name, e.g. {@code RolledBack}). */
  public static int forPhase(String phase) {
    return switch (phase.toLowerCase(Locale.ROOT).replace("_", "")) {
      case "promoted", "skipped" -> OK;
      case "rolledback" -> ROLLED_BACK;
      case "failed" -> FAILED;
      case "aborted" -> ABORTED;
      case "superseded" -> SUPERSEDED;
      default -> ERROR;
    };
  }
}
