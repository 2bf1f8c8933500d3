package io.flotilla.cloud.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.model.DurationText;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * JSON of the local cloud's control API, shared by {@link LocalCloudServer} and {@link RemoteLocalCloud}: the port
 * value types as they are, instants as ISO-8601 text, durations as spec text ({@code 250ms}), and the few request
 * and reply bodies the ports' own types do not cover.
 */
final class ControlJson {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new SimpleModule("flotilla-durations")
          .addSerializer(Duration.class, new DurationText.Serializer())
          .addDeserializer(Duration.class, new DurationText.Deserializer()))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ControlJson() {}

  /** A path segment, encoded so that any account, region, service, id or version survives the trip. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  record MetricsQuery(EndpointRef endpoint, Set<String> environmentIds, Instant from, Instant to) {}

  record PreviewRequest(String environmentId) {}

  record PreviewUrl(String url) {}

  record KillInstance(String environmentId, int index) {}

  record DeleteEnvironment(Placement placement, String environmentId) {}

  record AlarmQuery(Placement placement, List<String> names) {}

  record AlarmSetting(AlarmState state) {}

  record OverrideWeights(Placement placement, String service, TrafficSplit split) {}

  record Stray(Placement placement, String service, String version, String environmentId) {}

  /** For fail-next ({@code retryable}) and slow-next ({@code delay}); a null operation means any. */
  record CallFault(String operation, int count, boolean retryable, Duration delay) {}

  record RandomFaults(double failProbability, double slowProbability, Duration delay) {}

  record TrafficCounts(long requests, long errors, long unrouted) {}

  record ErrorBody(String error, String message, boolean retryable) {}
}
