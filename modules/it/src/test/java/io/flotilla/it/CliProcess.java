package io.flotilla.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code flotilla} command run as a real process, as a user or a CI job runs it: {@code java -cp <the test
 * classpath, which holds the cli module> io.flotilla.cli.Main ...}, or the {@code bin/flotilla} launcher itself. Its
 * home directory is a fresh one (no user config leaks in), its output goes to files under {@code target/cli}, and no
 * terminal is attached (so it prints one line per event, as in CI).
 */
final class CliProcess {
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** A finished run: exit code, stdout, stderr. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Process process;
  private final Path out;
  private final Path err;

  private CliProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code flotilla args} with the CLI's main class on the test classpath. */
  static CliProcess start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.flotilla.cli.Main"));
    command.addAll(List.of(args));
    return start(command, environment);
  }

  /** Starts {@code bin/flotilla args} from the repository root, without its build check. */
  static CliProcess startLauncher(Path repositoryRoot, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(repositoryRoot.resolve("bin/flotilla").toString()));
    command.addAll(List.of(args));
    Map<String, String> withSkip = new java.util.HashMap<>(environment);
    withSkip.put("FLOTILLA_SKIP_BUILD", "1");
    return start(command, withSkip);
  }

  private static CliProcess start(List<String> command, Map<String, String> environment) throws IOException {
    Path directory = Files.createDirectories(Path.of("target", "cli"));
    int run = RUNS.incrementAndGet();
    Path out = directory.resolve("run-" + run + ".out");
    Path err = directory.resolve("run-" + run + ".err");
    Path home = Files.createDirectories(directory.resolve("home-" + run));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("FLOTILLA_") || name.equals("XDG_CONFIG_HOME"));
    builder.environment().put("HOME", home.toAbsolutePath().toString());
    // the test nodes' admin token; a test that passes its own FLOTILLA_TOKEN (or none: "") overrides it
    builder.environment().put("FLOTILLA_TOKEN", io.flotilla.testkit.TestNodeConfig.ADMIN_TOKEN);
    builder.environment().putAll(environment);
    return new CliProcess(builder.start(), out, err);
  }

  /** Runs {@code flotilla args} to the end. */
  static Result run(Duration timeout, Map<String, String> environment, String... args) throws Exception {
    return start(environment, args).await(timeout);
  }

  Result await(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("flotilla did not end within " + timeout.toSeconds() + " s:\n" + snapshot());
    }
    return snapshot();
  }

  /** What it printed so far. */
  String out() throws IOException {
    return Files.readString(out);
  }

  Result snapshot() throws IOException {
    return new Result(process.isAlive() ? -1 : process.exitValue(), Files.readString(out), Files.readString(err));
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
