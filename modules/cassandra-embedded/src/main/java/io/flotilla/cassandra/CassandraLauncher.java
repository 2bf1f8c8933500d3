package io.flotilla.cassandra;

import java.nio.file.Path;

/**
 * Runs an {@link EmbeddedCassandra} from the command line until SIGTERM or Ctrl-C:
 *
 * <pre>
 * java -cp ... io.flotilla.cassandra.CassandraLauncher --data DIR [--port 9042]
 *     [--storage-port 7000] [--heap 1g]
 * </pre>
 */
public final class CassandraLauncher {

  private static final String USAGE =
      "usage: CassandraLauncher --data DIR [--port 9042] [--storage-port 7000] [--heap 1g]";

  private CassandraLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedCassandra cassandra;
    try {
      cassandra = parse(args).stopOnJvmExit(true).build();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      cassandra.start();
    } catch (CassandraStartupException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
    System.out.printf("Cassandra is listening on %s (log: %s). Stop it with Ctrl-C.%n",
        cassandra.contactPoint(), cassandra.logFile());
    // SIGTERM and Ctrl-C stop the server through its shutdown hook; this returns when it is gone.
    int exitCode = cassandra.awaitExit();
    System.out.printf("Cassandra exited with code %d%n", exitCode);
  }

  private static EmbeddedCassandra.Builder parse(String[] args) {
    Path data = null;
    Integer port = null;
    Integer storagePort = null;
    String heap = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value for " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--data" -> data = Path.of(value);
        case "--port" -> port = parsePort(value);
        case "--storage-port" -> storagePort = parsePort(value);
        case "--heap" -> heap = value;
        default -> throw new IllegalArgumentException("Unknown option " + option);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data is required");
    }
    EmbeddedCassandra.Builder builder = EmbeddedCassandra.builder(data);
    if (port != null) {
      builder.cqlPort(port);
    }
    if (storagePort != null) {
      builder.storagePort(storagePort);
    }
    if (heap != null) {
      builder.heap(heap);
    }
    return builder;
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a port number: " + value);
    }
  }
}
