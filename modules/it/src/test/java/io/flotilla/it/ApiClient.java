package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.testkit.TestNodeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for Flotilla's API, as a user's script would use it. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  /** A response: status code, parsed JSON body (null when the body is not JSON), text and headers. */
  record Response(int status, JsonNode body, String text, java.net.http.HttpHeaders headers) {
    /** The first value of a header, if the response has it. */
    java.util.Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  /** A client that sends the test nodes' admin token. */
  ApiClient(String base) {
    this(base, TestNodeConfig.ADMIN_TOKEN);
  }

  /** A client that sends {@code token} as its bearer token. */
  ApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response putYaml(String path, String yaml) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofString(yaml)));
  }

  Response putJson(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response send(String method, String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  Response release(String service, String version) {
    return post("/api/v1/services/" + service + "/releases", "{\"version\": \"" + version + "\"}");
  }

  /** The service's status; fails the test if it is not 200. */
  JsonNode status(String service) {
    Response response = get("/api/v1/services/" + service);
    if (response.status() != 200) {
      throw new AssertionError("status of " + service + ": " + response.status() + " " + response.text());
    }
    return response.body();
  }

  private Response send(HttpRequest.Builder request) {
    try {
      request.header("Authorization", "Bearer " + token);
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      try {
        body = response.body().isBlank() ? null : JSON.readTree(response.body());
      } catch (IOException notJson) {
        // plain-text bodies are kept in text
      }
      return new Response(response.statusCode(), body, response.body(), response.headers());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
