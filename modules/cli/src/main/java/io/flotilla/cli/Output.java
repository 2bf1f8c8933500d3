package io.flotilla.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Where a command writes: results to {@code out}, diagnostics to {@code err}. In JSON mode ({@code --output json})
 * commands print the API's JSON, one document per line, and nothing else to {@code out}.
 */
record Output(PrintWriter out, PrintWriter err, boolean json, boolean terminal) {

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** A JSON document as the API sent it, on one line. */
  void json(String apiBody) {
    out.println(apiBody.strip());
    out.flush();
  }

  void json(JsonNode document) {
    try {
      json(Json.mapper().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A note for the person at the terminal; on stderr so that it never mixes with results a script reads. */
  void note(String text) {
    err.println(text);
    err.flush();
  }
}
