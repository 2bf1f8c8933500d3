package io.flotilla.cloud.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who one demo instance is: what it answers in its body and headers, and where its health check is. */
record InstanceIdentity(String service, String version, String environmentId, int number, String healthPath) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The instance's JSON answer; with {@code error} for a simulated failure. */
  byte[] toJson(String error) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (error != null) {
      body.put("error", error);
    }
    body.put("service", service);
    body.put("version", version);
    body.put("environment", environmentId);
    body.put("instance", number);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
