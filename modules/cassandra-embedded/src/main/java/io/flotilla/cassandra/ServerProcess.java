package io.flotilla.cassandra;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One forked server JVM, and optionally a shutdown hook that stops it when our JVM exits. */
final class ServerProcess {

  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Thread shutdownHook;

  private ServerProcess(Process process, boolean stopOnJvmExit) {
    this.process = process;
    // Without the hook, a test JVM that exits without stop() would leave a server holding the ports.
    this.shutdownHook = stopOnJvmExit ? new Thread(this::terminate, "embedded-cassandra-stop-" + process.pid()) : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** Starts {@code command} in {@code workDirectory}, appending its stdout and stderr to {@code logFile}. */
  static ServerProcess fork(List<String> command, Path workDirectory, Path logFile, boolean stopOnJvmExit)
      throws IOException {
    Process process = new ProcessBuilder(command)
        .directory(workDirectory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(logFile.toFile()))
        .start();
    process.getOutputStream().close();
    return new ServerProcess(process, stopOnJvmExit);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** SIGTERM, so that Cassandra drains; SIGKILL if it has not exited within 30 s. */
  void stop() {
    terminate();
    release();
  }

  /** SIGKILL: no drain, as in a crash. */
  void kill() {
    process.destroyForcibly();
    awaitExit(STOP_TIMEOUT);
    release();
  }

  int awaitExit() throws InterruptedException {
    return process.waitFor();
  }

  /** Forgets the shutdown hook of a process that has exited. */
  void release() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shutdownInProgress) {
        // Called while the JVM is already running its hooks; nothing left to remove.
      }
    }
  }

  private void terminate() {
    process.destroy();
    if (!awaitExit(STOP_TIMEOUT)) {
      log.warn("Cassandra (pid {}) did not stop within {} s; killing it", process.pid(), STOP_TIMEOUT.toSeconds());
      process.destroyForcibly();
      awaitExit(STOP_TIMEOUT);
    }
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
