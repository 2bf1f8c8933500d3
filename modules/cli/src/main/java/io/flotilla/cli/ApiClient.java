package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's only way to the server: Flotilla's HTTP API, with the JDK's client. Every answer that is not 2xx
 * becomes an {@link ApiFailure}; a server that cannot be reached a {@link CliException} that says which setting
 * named it.
 */
final class ApiClient {
  static final String API = "/api/v1";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final ServerSetting server;
  private final TokenSetting token;
  private final HttpClient http;

  /** An answer: status, body text, and the {@code Location} header if any. */
  record Response(int status, String body, Optional<String> location) {
    JsonNode json() {
      return parse(body);
    }
  }

  ApiClient(ServerSetting server, TokenSetting token) {
    this.server = server;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  String url() {
    return server.url();
  }

  Response get(String path) {
    return send(request(path).GET(), "GET " + path);
  }

  /** The resource at {@code path}, or empty when it does not exist (404 for the resource, not for the route). */
  Optional<Response> getIfExists(String path) {
    try {
      return Optional.of(get(path));
    } catch (ApiFailure failure) {
      if (failure.isNotFound()) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  Response post(String path, String json, Map<String, String> headers) {
    HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return send(request, "POST " + path);
  }

  Response put(String path, String body, String contentType) {
    return send(request(path).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), "PUT " + path);
  }

  /** An open Server-Sent Events stream at {@code path}, resuming after {@code lastEventId} when given. */
  InputStream openEventStream(String path, Optional<String> lastEventId) {
    HttpRequest.Builder request = request(path).setHeader("Accept", "text/event-stream").GET();
    lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
    HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() / 100 != 2) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = "";
      }
      throw failure("GET " + path, response.statusCode(), parse(body));
    }
    return response.body();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
    token.value().ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return request;
  }

  private Response send(HttpRequest.Builder request, String description) {
    HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() / 100 != 2) {
      throw failure(description, response.statusCode(), parse(response.body()));
    }
    return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location"));
  }

  private ApiFailure failure(String request, int status, JsonNode body) {
    if (status == 401) {
      return ApiFailure.unauthorized(request, body, token.source());
    }
    return ApiFailure.of(request, status, body, server.url());
  }

  private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.build(), handler);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("connection timed out");
    } catch (ConnectException e) {
      throw unreachable(e.getMessage() == null ? "connection refused" : e.getMessage());
    } catch (HttpTimeoutException e) {
      throw new CliException("the Flotilla server at " + server.url() + " did not answer within "
          + REQUEST_TIMEOUT.toSeconds() + "s");
    } catch (IOException e) {
      throw new CliException("request to the Flotilla server at " + server.url() + " failed: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private CliException unreachable(String why) {
    return new CliException("cannot connect to the Flotilla server at " + server.url() + " (" + why.toLowerCase()
        + "); is it running? The URL comes from " + server.source() + "; set it with --server, "
        + ServerSetting.SERVER_VARIABLE + " or server: in the config file");
  }

  private static String describe(Throwable failure) {
    Throwable current = failure;
    while (current.getMessage() == null && current.getCause() != null) {
      current = current.getCause();
    }
    return current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage();
  }

  /** The body as JSON, or null when it is not JSON. */
  static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.mapper().readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
