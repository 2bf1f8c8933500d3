package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.ControlJson.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flotilla.cloud.AlarmPort;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.CloudProvider;
import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.InventoryPort;
import io.flotilla.cloud.MetricsPort;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.PreviewPort;
import io.flotilla.cloud.TrafficPort;
import io.flotilla.cloud.TrafficSplit;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The six ports of a {@link LocalCloud} that lives in another process, reached through its
 * {@link LocalCloudServer} control API. Calls are asynchronous; failures arrive as {@code CloudException}s with the
 * server's retryable flag (unreachable server: retryable).
 */
public final class RemoteLocalCloud
    implements EnvironmentPort, TrafficPort, PreviewPort, InventoryPort, MetricsPort, AlarmPort {
  private final ControlClient client;
  private final Faults faults;

  private RemoteLocalCloud(URI base) {
    this.client = new ControlClient(base);
    this.faults = new RemoteFaults(client);
  }

  /** A client of the control API at {@code base}, e.g. {@code http://127.0.0.1:7070}. */
  public static RemoteLocalCloud connect(URI base) {
    return new RemoteLocalCloud(base);
  }

  public static RemoteLocalCloud connect(String base) {
    return new RemoteLocalCloud(URI.create(base));
  }

  public CloudProvider provider() {
    return new CloudProvider(this, this, this, this, this, this);
  }

  public Faults faults() {
    return faults;
  }

  @Override
  public CompletionStage<EnvironmentInfo> create(EnvironmentRequest request) {
    return client.send("POST", "/environments", request, new TypeReference<>() {});
  }

  @Override
  public CompletionStage<Optional<EnvironmentInfo>> describe(Placement placement, String environmentId) {
    return client.exchange("GET", environmentPath(placement, environmentId), null).thenApply(response ->
        response.statusCode() == 404 && notFound(response.body())
            ? Optional.empty()
            : Optional.of(client.read(response, new TypeReference<EnvironmentInfo>() {})));
  }

  @Override
  public CompletionStage<Void> delete(Placement placement, String environmentId) {
    return client.send("DELETE", environmentPath(placement, environmentId), null, new TypeReference<>() {});
  }

  @Override
  public CompletionStage<EndpointInfo> ensureEndpoint(EndpointRef endpoint) {
    return client.send("PUT", endpointPath(endpoint), endpoint.address(), new TypeReference<>() {});
  }

  @Override
  public CompletionStage<TrafficSplit> setWeights(EndpointRef endpoint, TrafficSplit split) {
    return client.send("PUT", endpointPath(endpoint) + "/weights", split, new TypeReference<>() {});
  }

  @Override
  public CompletionStage<TrafficSplit> readWeights(EndpointRef endpoint) {
    return client.send("GET", endpointPath(endpoint) + "/weights", null, new TypeReference<>() {});
  }

  @Override
  public CompletionStage<Void> deleteEndpoint(EndpointRef endpoint) {
    return client.send("DELETE", endpointPath(endpoint), null, new TypeReference<>() {});
  }

  @Override
  public CompletionStage<String> openPreview(EndpointRef endpoint, String environmentId) {
    return client.send("PUT", endpointPath(endpoint) + "/preview", new ControlJson.PreviewRequest(environmentId),
        new TypeReference<ControlJson.PreviewUrl>() {}).thenApply(ControlJson.PreviewUrl::url);
  }

  @Override
  public CompletionStage<Void> closePreview(EndpointRef endpoint) {
    return client.send("DELETE", endpointPath(endpoint) + "/preview", null, new TypeReference<>() {});
  }

  @Override
  public CompletionStage<Inventory> scan(Placement placement) {
    return client.send("GET", "/inventory?account=" + segment(placement.account()) + "&region="
        + segment(placement.region()), null, new TypeReference<>() {});
  }

  @Override
  public CompletionStage<Map<String, AlarmState>> states(Placement placement, List<String> names) {
    return client.send("POST", "/alarms", new ControlJson.AlarmQuery(placement, names), new TypeReference<>() {});
  }

  @Override
  public CompletionStage<Map<String, EnvironmentMetrics>> read(
      EndpointRef endpoint, Set<String> environmentIds, Instant from, Instant to) {
    return client.send("POST", "/metrics", new ControlJson.MetricsQuery(endpoint, environmentIds, from, to),
        new TypeReference<>() {});
  }

  /** Like {@link LocalCloud#callCount}; blocks (a test helper). */
  public long callCount(String operation) {
    Operation.of(operation);
    return callCounts().getOrDefault(operation, 0L);
  }

  public Map<String, Long> callCounts() {
    return client.await(client.send("GET", "/calls", null, new TypeReference<Map<String, Long>>() {}));
  }

  /** Like {@link LocalCloud#requestCount}; blocks (a test helper). */
  public long requestCount(String service, String environmentId) {
    return traffic(service, environmentId).requests();
  }

  public long errorCount(String service, String environmentId) {
    return traffic(service, environmentId).errors();
  }

  public List<URI> instanceUrls(String environmentId) {
    List<String> urls = client.await(client.send("GET", "/instances/" + segment(environmentId), null,
        new TypeReference<List<String>>() {}));
    return urls.stream().map(URI::create).toList();
  }

  private ControlJson.TrafficCounts traffic(String service, String environmentId) {
    return client.await(client.send("GET", "/traffic/" + segment(service) + "/" + segment(environmentId), null,
        new TypeReference<ControlJson.TrafficCounts>() {}));
  }

  private static boolean notFound(byte[] body) {
    try {
      return "not-found".equals(ControlJson.MAPPER.readValue(body, ControlJson.ErrorBody.class).error());
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String environmentPath(Placement placement, String environmentId) {
    return "/environments/" + segment(placement.account()) + "/" + segment(placement.region()) + "/"
        + segment(environmentId);
  }

  private static String endpointPath(EndpointRef endpoint) {
    return "/endpoints/" + segment(endpoint.placement().account()) + "/" + segment(endpoint.placement().region())
        + "/" + segment(endpoint.service());
  }
}
