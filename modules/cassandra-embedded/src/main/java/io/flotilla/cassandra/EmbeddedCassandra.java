package io.flotilla.cassandra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Cassandra 5.0 server, forked as a separate JVM from its Maven Central jars, for
 * tests and {@code flotilla dev}. It is a single node on 127.0.0.1 whose configuration, data,
 * commit log and console log ({@code cassandra.log}) all live in one data directory, so data
 * survives restarts on the same directory.
 *
 * <pre>{@code
 * try (EmbeddedCassandra cassandra = EmbeddedCassandra.builder(Path.of("target/cassandra")).build()) {
 *   cassandra.start(); // blocks until CQL clients can connect
 *   ... connect to cassandra.contactPoint() with local datacenter "datacenter1"
 * }
 * }</pre>
 *
 * <p>Cassandra's own jars (and their guava, netty, logback) never join the caller's classpath: the
 * server classpath comes from the {@code flotilla-cassandra-server-classpath} resource.
 */
public final class EmbeddedCassandra implements AutoCloseable {

  static final String LISTEN_ADDRESS = "127.0.0.1";
  /** The datacenter name of SimpleSnitch, needed by the DataStax driver as local datacenter. */
  public static final String DATACENTER = "datacenter1";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
  private static final List<String> READY_LINES =
      List.of("Starting listening for CQL clients", "Startup complete");
  private static final int LOG_TAIL_LINES = 40;
  private static final long POLL_MILLIS = 200;

  private final ServerFiles files;
  private final ServerLog serverLog;
  private final int cqlPort;
  private final int storagePort;
  private final String heap;
  private final Duration startupTimeout;
  private final boolean reuseIfRunning;
  private final boolean stopOnJvmExit;
  private final List<Path> serverClasspath;

  private volatile ServerProcess server;
  private volatile boolean reused;

  private EmbeddedCassandra(Builder builder) {
    this.files = new ServerFiles(builder.dataDirectory);
    this.serverLog = new ServerLog(files.consoleLog());
    this.cqlPort = builder.cqlPort;
    this.storagePort = builder.storagePort;
    this.heap = builder.heap;
    this.startupTimeout = builder.startupTimeout;
    this.reuseIfRunning = builder.reuseIfRunning;
    this.stopOnJvmExit = builder.stopOnJvmExit;
    this.serverClasspath = builder.serverClasspath;
  }

  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /**
   * Starts the server and blocks until it answers CQL requests. If the CQL port is already taken
   * this fails, unless {@code reuseIfRunning} is set and a CQL server answers there.
   *
   * @throws CassandraStartupException if the server exits, times out or the port is taken
   */
  public synchronized void start() {
    if (isRunning()) {
      throw new IllegalStateException("Cassandra on " + contactPoint() + " is already running");
    }
    releaseExitedServer();
    if (CqlProbe.acceptsConnections(LISTEN_ADDRESS, cqlPort)) {
      useRunningServer();
      return;
    }
    List<Path> classpath = serverClasspath != null ? serverClasspath : ServerCommand.defaultClasspath();
    files.write(cqlPort, storagePort);
    serverLog.markStart();
    long startedAt = System.nanoTime();
    try {
      server = ServerProcess.fork(ServerCommand.build(files, heap, classpath), files.dataDirectory(),
          serverLog.file(), stopOnJvmExit);
    } catch (IOException e) {
      throw new CassandraStartupException("Cannot fork the Cassandra JVM", e);
    }
    awaitReady(startedAt);
    log.info("Cassandra started on {} in {} ms (data and log in {})", contactPoint(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), files.dataDirectory());
  }

  /** Stops gracefully (SIGTERM, so Cassandra drains), forcibly after 30 s. A reused server is left running. */
  public synchronized void stop() {
    if (reused) {
      reused = false;
      return;
    }
    ServerProcess running = server;
    if (running != null) {
      running.stop();
      server = null;
    }
  }

  /** Kills the server with SIGKILL and no drain, as a crash would. */
  public synchronized void kill() {
    if (reused) {
      throw new IllegalStateException("Will not kill a Cassandra on " + contactPoint() + " that this instance did not start");
    }
    ServerProcess running = server;
    if (running != null) {
      running.kill();
      server = null;
    }
  }

  public boolean isRunning() {
    if (reused) {
      return CqlProbe.answersCql(LISTEN_ADDRESS, cqlPort);
    }
    ServerProcess running = server;
    return running != null && running.isAlive();
  }

  public int cqlPort() {
    return cqlPort;
  }

  /** {@code "127.0.0.1:port"}, the CQL contact point. */
  public String contactPoint() {
    return LISTEN_ADDRESS + ":" + cqlPort;
  }

  public InetSocketAddress contactAddress() {
    return new InetSocketAddress(LISTEN_ADDRESS, cqlPort);
  }

  public Path dataDirectory() {
    return files.dataDirectory();
  }

  /** The forked server's stdout and stderr, appended to across runs. */
  public Path logFile() {
    return serverLog.file();
  }

  @Override
  public void close() {
    stop();
  }

  /** Waits until the forked server exits and returns its exit code; for the command-line launcher. */
  int awaitExit() throws InterruptedException {
    ServerProcess running = server;
    return running == null ? 0 : running.awaitExit();
  }

  private void useRunningServer() {
    boolean speaksCql = CqlProbe.answersCql(LISTEN_ADDRESS, cqlPort);
    if (speaksCql && reuseIfRunning) {
      reused = true;
      log.info("Reusing the Cassandra already running on {}", contactPoint());
      return;
    }
    if (speaksCql) {
      throw new CassandraStartupException("A CQL server already answers on " + contactPoint()
          + " (a Cassandra left running by an earlier run?). Stop it, choose another port,"
          + " or set reuseIfRunning(true) to use it.");
    }
    throw new CassandraStartupException("Port " + contactPoint()
        + " is taken by something that does not speak CQL; choose another CQL port.");
  }

  private void awaitReady(long startedAt) {
    long deadline = startedAt + startupTimeout.toNanos();
    while (true) {
      ServerProcess running = server;
      if (!running.isAlive()) {
        throw startupFailure("exited with code " + running.exitValue() + " during startup");
      }
      if (READY_LINES.stream().anyMatch(serverLog::containsSinceStart)
          && CqlProbe.answersCql(LISTEN_ADDRESS, cqlPort)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        running.kill();
        throw startupFailure("did not accept CQL clients within " + startupTimeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        running.kill();
        Thread.currentThread().interrupt();
        throw new CassandraStartupException("Interrupted while starting Cassandra on " + contactPoint(), e);
      }
    }
  }

  private CassandraStartupException startupFailure(String reason) {
    releaseExitedServer();
    return new CassandraStartupException("Cassandra on " + contactPoint() + " " + reason
        + ". Last lines of " + serverLog.file() + ":" + System.lineSeparator()
        + serverLog.tail(LOG_TAIL_LINES));
  }

  private void releaseExitedServer() {
    ServerProcess exited = server;
    if (exited != null && !exited.isAlive()) {
      exited.release();
      server = null;
    }
  }

  /** Settings of an {@link EmbeddedCassandra}; defaults suit one server per machine. */
  public static final class Builder {

    private static final Pattern HEAP_SIZE = Pattern.compile("\\d+[kKmMgG]");

    private final Path dataDirectory;
    private int cqlPort = 9042;
    private int storagePort = 7000;
    private String heap = "1g";
    private Duration startupTimeout = Duration.ofSeconds(120);
    private boolean reuseIfRunning;
    private boolean stopOnJvmExit = true;
    private List<Path> serverClasspath;

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    public Builder cqlPort(int port) {
      this.cqlPort = checkPort(port);
      return this;
    }

    /** The inter-node port; only needs changing to run several servers on one machine. */
    public Builder storagePort(int port) {
      this.storagePort = checkPort(port);
      return this;
    }

    /** Heap size as a JVM size such as {@code "1g"} or {@code "512m"}, used for -Xms and -Xmx. */
    public Builder heap(String size) {
      if (!HEAP_SIZE.matcher(size).matches()) {
        throw new IllegalArgumentException("Heap size must look like 512m or 1g, not " + size);
      }
      this.heap = size;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Use a CQL server already answering on the port instead of failing; handy in dev. */
    public Builder reuseIfRunning(boolean reuse) {
      this.reuseIfRunning = reuse;
      return this;
    }

    /** Stop the server when this JVM exits without calling {@link #stop()} (default true). */
    public Builder stopOnJvmExit(boolean stop) {
      this.stopOnJvmExit = stop;
      return this;
    }

    /** Overrides the jars resolved at build time, e.g. in a distribution that ships them. */
    public Builder serverClasspath(List<Path> jars) {
      this.serverClasspath = List.copyOf(jars);
      return this;
    }

    public EmbeddedCassandra build() {
      if (cqlPort == storagePort) {
        throw new IllegalArgumentException("CQL and storage ports must differ, both are " + cqlPort);
      }
      return new EmbeddedCassandra(this);
    }

    private static int checkPort(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("Not a TCP port: " + port);
      }
      return port;
    }
  }
}
