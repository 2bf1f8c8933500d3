package io.flotilla.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a server's data directory and the configuration files written into it on each
 * start. Everything Cassandra writes stays under the data directory, so deleting it resets the
 * server and keeping it keeps the data.
 */
record ServerFiles(Path dataDirectory) {

  ServerFiles {
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
  }

  Path cassandraYaml() {
    return dataDirectory.resolve("cassandra.yaml");
  }

  Path logbackXml() {
    return dataDirectory.resolve("logback.xml");
  }

  Path consoleLog() {
    return dataDirectory.resolve("cassandra.log");
  }

  Path triggers() {
    return dataDirectory.resolve("triggers");
  }

  void write(int cqlPort, int storagePort) {
    try {
      Files.createDirectories(dataDirectory);
      Files.createDirectories(triggers());
      Files.writeString(cassandraYaml(), cassandraYaml(cqlPort, storagePort));
      Files.writeString(logbackXml(), LOGBACK_XML);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write Cassandra configuration into " + dataDirectory, e);
    }
  }

  private String cassandraYaml(int cqlPort, int storagePort) {
    return """
        # Written by io.flotilla.cassandra.EmbeddedCassandra on every start; edits are overwritten.
        cluster_name: flotilla-embedded
        num_tokens: 1
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%1$s:%3$d"
        listen_address: %1$s
        rpc_address: %1$s
        storage_port: %3$d
        native_transport_port: %2$d
        start_native_transport: true
        authenticator: AllowAllAuthenticator
        authorizer: AllowAllAuthorizer
        # A fresh single node never talks to Cassandra 4 nodes, so enable the 5.0 storage format.
        storage_compatibility_mode: NONE
        data_file_directories:
          - %4$s
        commitlog_directory: %5$s
        hints_directory: %6$s
        saved_caches_directory: %7$s
        cdc_raw_directory: %8$s
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        commitlog_total_space: 256MiB
        # Sized for a 1 GiB heap on a small dev/test box.
        memtable_heap_space: 128MiB
        memtable_offheap_space: 128MiB
        key_cache_size: 16MiB
        counter_cache_size: 4MiB
        row_cache_size: 0MiB
        concurrent_reads: 8
        concurrent_writes: 8
        concurrent_counter_writes: 8
        concurrent_compactors: 1
        hinted_handoff_enabled: false
        # Tests truncate and drop often; snapshots would only fill the disk.
        auto_snapshot: false
        """.formatted(
        EmbeddedCassandra.LISTEN_ADDRESS,
        cqlPort,
        storagePort,
        quoted(dataDirectory.resolve("data")),
        quoted(dataDirectory.resolve("commitlog")),
        quoted(dataDirectory.resolve("hints")),
        quoted(dataDirectory.resolve("saved_caches")),
        quoted(dataDirectory.resolve("cdc_raw")));
  }

  private static String quoted(Path path) {
    return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  // Without a configuration file Cassandra's logback logs at DEBUG; INFO keeps the log readable.
  private static final String LOGBACK_XML = """
      <configuration>
        <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
          <encoder>
            <pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern>
          </encoder>
        </appender>
        <root level="INFO">
          <appender-ref ref="CONSOLE"/>
        </root>
      </configuration>
      """;
}
