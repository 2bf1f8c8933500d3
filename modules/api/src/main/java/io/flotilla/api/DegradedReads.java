package io.flotilla.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.health.CassandraHealth;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Reads answered from memory while Cassandra is unavailable: 200 as usual, with a {@code degraded} object in the body
 * ({@code reason} {@value #REASON}, {@code since}, {@code message}) and the header {@code Flotilla-Degraded:
 * cassandra}, so a client can tell that the answer may be stale and that nothing can change until Cassandra returns.
 */
final class DegradedReads {
  static final String HEADER = "Flotilla-Degraded";
  static final String REASON = "cassandra-unavailable";

  private final CassandraHealth health;
  private final ApiJson json;

  DegradedReads(CassandraHealth health, ApiJson json) {
    this.health = health;
    this.json = json;
  }

  boolean degraded() {
    return !health.available();
  }

  /** 200 with {@code value}, marked degraded (saying {@code what} the answer is) if Cassandra is unavailable now. */
  HttpResponse ok(Object value, String what) {
    CassandraHealth.Status status = health.status();
    if (status.available()) {
      return json.response(StatusCodes.OK, value);
    }
    ObjectNode body = (ObjectNode) json.tree(value);
    ObjectNode degraded = body.putObject("degraded");
    degraded.put("reason", REASON);
    degraded.set("since", json.tree(status.since()));
    degraded.put("message", "Cassandra is unavailable (" + status.reason() + "): " + what
        + "; changes are refused until it returns");
    return json.response(StatusCodes.OK, body).addHeader(RawHeader.create(HEADER, "cassandra"));
  }
}
