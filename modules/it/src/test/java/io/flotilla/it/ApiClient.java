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
  /** The whole Authorization header value; null sends none. */
  private final String authorization;

  /** A response: status code, parsed JSON body (null when the body is not JSON), text and headers. */
  record Response(int status, JsonNode body, String text, java.net.http.HttpHeaders headers) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** A client that sends the test nodes' admin token. */
  ApiClient(String base) {
    this(base, TestNodeConfig.ADMIN_TOKEN);
  }

  /** A client that sends {@code token} as its bearer token. */
  ApiClient(String base, String token) {
    this(base, token, true);
  }

  private ApiClient(String base, String value, boolean bearer) {
    this.base = base;
    this.authorization = value == null ? null : bearer ? "Bearer " + value : value;
  }

  /** A client that sends {@code value} as the whole Authorization header (null: no header at all). */
  static ApiClient withAuthorization(String base, String value) {
    return new ApiClient(base, value, false);
  }

  /** Any request: {@code body} (may be null) sent with {@code contentType}, and more {@code headers} (name, value...). */
  Response send(String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (body == null) {
      return send(request.method(method, HttpRequest.BodyPublishers.noBody()));
    }
    return send(request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)));
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

  /** A POST carrying an {@code Idempotency-Key}: a retry with the same key asks for the same thing once. */
  Response post(String path, String json, String idempotencyKey) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json)));
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
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
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
