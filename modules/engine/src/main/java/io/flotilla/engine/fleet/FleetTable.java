package io.flotilla.engine.fleet;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The fleet view's Cassandra table, {@code fleet_services} in the journal's keyspace, one row per service. Readers
 * decode the {@code row} column (the whole {@link FleetRow} as JSON); account, region, team, phase, health, versions
 * and verdict are copies for operators reading the table with cqlsh. Every write carries the service's sequence
 * number as its write timestamp, so Cassandra keeps the row of the newest event whatever order writes land in: a
 * replay, or a late write from a projection instance that moved to another node, cannot take a row back.
 */
public final class FleetTable {
  /**
   * The projection's own session (same driver configuration as the journal's). Not the journal's: the session
   * registry runs the journal's table creation only if the journal is the first to ask for its session.
   */
  public static final String SESSION = "pekko.projection.cassandra.session-config";

  // asked for on first use, after the journal is ready: a session connecting meanwhile slows the journal's setup
  private final Supplier<CassandraSession> session;
  private final String table;
  private final ObjectMapper json;
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<CompletionStage<Done>> before;
  private volatile CompletionStage<PreparedStatement> insert;
  private volatile CompletionStage<Done> schema;

  FleetTable(Supplier<CassandraSession> session, String keyspace, ObjectMapper json,
      Supplier<CompletionStage<Done>> before) {
    this.session = session;
    this.before = before;
    this.table = keyspace + ".fleet_services";
    this.json = json;
  }

  /**
   * @param journalReady completes once the journal and snapshot store have created their tables: this table's
   *     schema changes wait for it, because concurrent schema changes can time out theirs, which they do not retry
   */
  public static FleetTable create(ActorSystem<?> system, Supplier<CompletionStage<?>> journalReady) {
    return new FleetTable(() -> CassandraSessionRegistry.get(system).sessionFor(SESSION),
        system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace"),
        JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty()),
        () -> journalReady.get().thenCompose(ready -> CassandraProjection.createTablesIfNotExists(system)));
  }

  /**
   * Once the journal is ready, creates the projection's offset store (in the journal's keyspace, see
   * {@code pekko.projection.cassandra.offset-store.keyspace}) and this table, once; after a failure the next call
   * tries again.
   */
  public synchronized CompletionStage<Done> ensureSchema() {
    CompletionStage<Done> current = schema;
    if (current == null || current.toCompletableFuture().isCompletedExceptionally()) {
      current = before.get().thenCompose(done -> createTable());
      schema = current;
    }
    return current;
  }

  private CompletionStage<Done> createTable() {
    // schema changes can take seconds on a busy node: longer than the driver's default request timeout
    return session.get().executeWrite(SimpleStatement.newInstance("""
        CREATE TABLE IF NOT EXISTS %s (
          service text PRIMARY KEY,
          seq_nr bigint,
          updated_at timestamp,
          listed boolean,
          account text,
          region text,
          team text,
          phase text,
          health text,
          versions frozen<list<text>>,
          verdict text,
          row text)""".formatted(table)).setTimeout(DDL_TIMEOUT));
  }

  /** Every row, listed or not. */
  public CompletionStage<List<FleetRow>> loadAll() {
    return session.get().selectAll("SELECT row FROM " + table).thenApply(rows -> {
      List<FleetRow> out = new ArrayList<>(rows.size());
      rows.forEach(row -> out.add(decode(row)));
      return out;
    });
  }

  /** Upserts the rows, each stamped with its sequence number (see the class comment). */
  public CompletionStage<Done> write(Collection<FleetRow> rows) {
    if (rows.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return insert().thenCompose(statement -> {
      CompletableFuture<?>[] writes = rows.stream()
          .map(row -> session.get().executeWrite(bind(statement, row)).toCompletableFuture())
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(writes).thenApply(done -> Done.getInstance());
    });
  }

  private CompletionStage<PreparedStatement> insert() {
    CompletionStage<PreparedStatement> prepared = insert;
    if (prepared == null || prepared.toCompletableFuture().isCompletedExceptionally()) {
      prepared = session.get().prepare("INSERT INTO " + table + " (service, seq_nr, updated_at, listed, account, region, "
          + "team, phase, health, versions, verdict, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "USING TIMESTAMP ?");
      insert = prepared;
    }
    return prepared;
  }

  private BoundStatement bind(PreparedStatement statement, FleetRow row) {
    // text columns get "" rather than null: a null would write a tombstone on every upsert
    return statement.bind(row.service(), row.seqNr(), row.updatedAt(), row.listed(), text(row.account()),
        text(row.region()), text(row.team()), row.phase(), row.health().display(), row.versions(),
        row.lastVerdict() == null || row.lastVerdict().verdict() == null ? "" : row.lastVerdict().verdict().text(),
        encode(row), row.seqNr());
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  String encode(FleetRow row) {
    try {
      return json.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FleetRow decode(Row row) {
    return decode(row.getString("row"));
  }

  FleetRow decode(String text) {
    try {
      return json.readValue(text, FleetRow.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
