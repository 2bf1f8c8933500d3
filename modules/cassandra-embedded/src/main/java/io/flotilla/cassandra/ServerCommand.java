package io.flotilla.cassandra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of the forked Cassandra JVM. */
final class ServerCommand {

  static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  /** Written by the flotilla-cassandra-server-classpath module at build time. */
  static final String CLASSPATH_RESOURCE = "/io/flotilla/cassandra/server-classpath.txt";

  /** The JPMS lines of Cassandra 5.0's conf/jvm17-server.options. */
  static final List<String> JAVA17_MODULE_FLAGS = List.of(
      "-Djdk.attach.allowAttachSelf=true",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
      "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
      "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      "--add-opens", "java.base/java.nio=ALL-UNNAMED");

  /** GC and Netty settings of jvm17-server.options, minus the region size tuned for big heaps. */
  static final List<String> RUNTIME_FLAGS = List.of(
      "-XX:+UseG1GC",
      "-XX:+ParallelRefProcEnabled",
      "-XX:MaxTenuringThreshold=1",
      "-XX:MaxGCPauseMillis=300",
      "-XX:+ExitOnOutOfMemoryError",
      "-Djava.net.preferIPv4Stack=true",
      "-Dio.netty.tryReflectionSetAccessible=true",
      "-Dio.netty.allocator.useCacheForAllThreads=true",
      "-Dio.netty.allocator.maxOrder=11");

  /** A single node on loopback has no peers to wait for, so skip the cluster-sized delays. */
  static final List<String> SINGLE_NODE_FLAGS = List.of(
      "-Dcassandra-foreground=yes",
      "-Dcassandra.skip_wait_for_gossip_to_settle=0",
      "-Dcassandra.ring_delay_ms=100",
      "-Dcassandra.superuser_setup_delay_ms=0",
      "-Dcassandra.shutdown_announce_in_ms=0",
      // Otherwise measured on every start (1-3 s here); 180 is what 5.0.6 measures with a 1 GiB heap.
      "-Dcassandra.memtable.row_overhead_size=180");

  private ServerCommand() {}

  static List<String> build(ServerFiles files, String heap, List<Path> classpath) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.addAll(RUNTIME_FLAGS);
    command.addAll(JAVA17_MODULE_FLAGS);
    command.addAll(SINGLE_NODE_FLAGS);
    command.add("-Dcassandra.config=" + files.cassandraYaml().toUri());
    command.add("-Dcassandra.storagedir=" + files.dataDirectory());
    command.add("-Dcassandra.logdir=" + files.dataDirectory());
    command.add("-Dcassandra.triggers_dir=" + files.triggers());
    command.add("-Dlogback.configurationFile=" + files.logbackXml().toUri());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add(MAIN_CLASS);
    return command;
  }

  /** The jars of cassandra-all and its dependencies, as resolved when this project was built. */
  static List<Path> defaultClasspath() {
    String text;
    try (InputStream in = ServerCommand.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new CassandraStartupException("Resource " + CLASSPATH_RESOURCE
            + " not found: put flotilla-cassandra-server-classpath on the classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> jars = Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        throw new CassandraStartupException("Cassandra server jar " + jar + " is missing. The list was"
            + " written when flotilla-cassandra-server-classpath was built; rebuild it on this machine"
            + " (./mvnw install -pl modules/cassandra-server-classpath)");
      }
    }
    return jars;
  }
}
