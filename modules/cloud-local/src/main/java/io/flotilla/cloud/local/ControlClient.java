package io.flotilla.cloud.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.flotilla.cloud.CloudException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The HTTP side of {@link RemoteLocalCloud}: sends JSON to the control API asynchronously and turns every failure
 * into a {@link CloudException} whose {@code retryable} flag comes from the server (or is true when the server
 * could not be reached or answered 5xx without saying).
 */
final class ControlClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http;

  ControlClient(URI base) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  URI base() {
    return base;
  }

  /** Sends and reads the JSON reply as {@code type}; a 204 or {@code Void} type completes with null. */
  <T> CompletionStage<T> send(String method, String path, Object body, TypeReference<T> type) {
    return exchange(method, path, body).thenApply(response -> read(response, type));
  }

  /** Sends and reports the status (for 404 handling); the body is returned raw. */
  CompletionStage<HttpResponse<byte[]>> exchange(String method, String path, Object body) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(ControlJson.MAPPER.writeValueAsBytes(body)))
          .build();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new CloudException("cannot send " + method + " " + path, false, e));
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            throw new CloudException("local cloud at " + base + " unreachable: " + cause, true, cause);
          }
          return response;
        });
  }

  /** Blocks for the answer: for the test-facing accessors, never for the ports. */
  <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  <T> T read(HttpResponse<byte[]> response, TypeReference<T> type) {
    if (response.statusCode() >= 300) {
      throw failureOf(response);
    }
    if (response.statusCode() == 204 || response.body().length == 0) {
      return null;
    }
    try {
      JavaType javaType = ControlJson.MAPPER.getTypeFactory().constructType(type);
      return ControlJson.MAPPER.readValue(response.body(), javaType);
    } catch (IOException e) {
      throw new CloudException("unreadable reply from the local cloud: " + e.getMessage(), false, e);
    }
  }

  CloudException failureOf(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    boolean retryable = status >= 500 || status == 429;
    String message = "local cloud answered " + status;
    try {
      ControlJson.ErrorBody error = ControlJson.MAPPER.readValue(response.body(), ControlJson.ErrorBody.class);
      if (error.message() != null) {
        return new CloudException(error.message(), error.retryable());
      }
    } catch (IOException unreadable) {
      // Not one of ours (a proxy in between?): judge by the status alone.
    }
    return new CloudException(message, retryable);
  }
}
