package io.flotilla.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.engine.FlotillaEngine;
import io.flotilla.testkit.TestNodeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real one-node Flotilla for route tests: a cluster joined to itself on the shared test Cassandra, the engine on
 * a {@link LocalCloud}, and the API bound to a free loopback port. Started once per test JVM (see
 * {@link ApiNodeExtension}); tests isolate themselves by service name.
 */
final class ApiNode implements ExtensionContext.Store.CloseableResource {
  static final ObjectMapper JSON = new ObjectMapper();

  final ActorSystem<Void> system;
  final LocalCloud cloud;
  final FlotillaEngine engine;
  final URI base;
  private final ServerBinding binding;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiNode(ActorSystem<Void> system, LocalCloud cloud, FlotillaEngine engine, ServerBinding binding) {
    this.system = system;
    this.cloud = cloud;
    this.engine = engine;
    this.binding = binding;
    this.base = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  static ApiNode start() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "api-test", TestNodeConfig.node("api"));
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    LocalCloud cloud = LocalCloud.start();
    FlotillaEngine engine = FlotillaEngine.init(system, cloud.provider(), Clock.systemUTC());
    ServerBinding binding = bind(system, FlotillaApi.routes(engine, system));
    ApiNode node = new ApiNode(system, cloud, engine, binding);
    node.awaitReady();
    return node;
  }

  static ServerBinding bind(ActorSystem<?> system, Route route) throws Exception {
    return Http.get(system).newServerAt("127.0.0.1", 0).withSettings(FlotillaApi.serverSettings(system)).bind(route)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private void awaitReady() {
    Eventually.until(Duration.ofSeconds(90), () -> get("/readyz"), response -> response.status() == 200);
  }

  Response get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  Response delete(String path) {
    return send(request(path).DELETE());
  }

  Response put(String path, String contentType, String body) {
    return send(request(path, "Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response post(String path, String jsonBody, String... headers) {
    HttpRequest.Builder builder = request(path, headers);
    if (jsonBody == null) {
      return send(builder.POST(HttpRequest.BodyPublishers.noBody()));
    }
    return send(builder.header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request to this node with the test admin's bearer token and {@code headers} (name, value, ...). */
  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TestNodeConfig.ADMIN_TOKEN);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  HttpClient client() {
    return client;
  }

  @Override
  public void close() throws Exception {
    // terminate, not unbind: open SSE connections are closed before the system goes away
    binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    cloud.close();
  }

  /** An HTTP response with its body parsed as JSON where it is JSON. */
  record Response(int status, String text, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }
}
