package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.TestClouds.LOCAL;
import static io.flotilla.cloud.local.TestClouds.OTHER;
import static io.flotilla.cloud.local.TestClouds.await;
import static io.flotilla.cloud.local.TestClouds.awaitStatus;
import static io.flotilla.cloud.local.TestClouds.endpoint;
import static io.flotilla.cloud.local.TestClouds.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.EndpointInfo;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Inventory;
import io.flotilla.cloud.Tags;
import io.flotilla.cloud.TrafficSplit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreviewAndInventoryTest {
  private final LocalCloud cloud = TestClouds.fastCloud();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void previewReachesOnlyTheNewEnvironmentAndIsNotCounted() throws Exception {
    EndpointRef checkout = endpoint(LOCAL, "checkout");
    String old = start(LOCAL, "checkout", "1.0.0");
    String next = start(LOCAL, "checkout", "1.1.0");
    await(cloud.ensureEndpoint(checkout));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 100))));

    String preview = await(cloud.openPreview(checkout, next));
    assertEquals(preview, await(cloud.openPreview(checkout, next)));
    for (int i = 0; i < 30; i++) {
      assertEquals("1.1.0", get(preview + "/orders").headers().firstValue("X-Flotilla-Version").orElseThrow());
    }

    assertEquals(0, cloud.requestCount("checkout", next));
    assertEquals(0, await(cloud.read(checkout, Set.of(next), Instant.EPOCH, Instant.now().plusSeconds(1)))
        .get(next).requests());
    await(cloud.closePreview(checkout));
    await(cloud.closePreview(checkout));
    assertThrows(IOException.class, () -> get(preview + "/orders"));
  }

  @Test
  void inventoryListsOnePlacementsEnvironmentsAndSplitsInOneCall() {
    String old = start(LOCAL, "checkout", "1.0.0");
    await(cloud.create(request(LOCAL, "search", "2.0.0", 1)));
    await(cloud.create(request(OTHER, "checkout", "1.0.0", 1)));
    EndpointRef checkout = endpoint(LOCAL, "checkout");
    await(cloud.ensureEndpoint(checkout));
    await(cloud.ensureEndpoint(endpoint(OTHER, "checkout")));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 100))));

    Inventory inventory = await(cloud.scan(LOCAL));

    assertEquals(LOCAL, inventory.placement());
    assertEquals(Set.of("checkout-1.0.0", "search-2.0.0"), ids(inventory));
    assertTrue(inventory.environments().stream().allMatch(env -> env.placement().equals(LOCAL)));
    assertEquals(EnvironmentStatus.HEALTHY, inventory.environmentsOf("checkout").get(0).status());
    assertEquals(Map.of("checkout", new TrafficSplit(Map.of(old, 100))), inventory.endpoints());
    assertEquals(1, cloud.callCount("scan"));
    assertEquals(Set.of("checkout-1.0.0"), ids(await(cloud.scan(OTHER))));
  }

  @Test
  void strayEnvironmentShowsUpInInventoryWithItsTags() {
    EnvironmentInfo stray = cloud.faults().createStray(LOCAL, "checkout", "0.9.0", "checkout-orphan");

    Inventory inventory = await(cloud.scan(LOCAL));

    assertEquals(Set.of("checkout-orphan"), ids(inventory));
    EnvironmentInfo listed = inventory.environmentsOf("checkout").get(0);
    assertEquals("0.9.0", listed.version());
    assertEquals("checkout-orphan", listed.tags().get(Tags.ENV_ID));
    assertEquals(stray.environmentId(), listed.environmentId());
    assertEquals(0, cloud.callCount("create"));
  }

  @Test
  void changesBehindFlotillasBackShowInLiveStateButAreNotCalls() {
    String old = start(LOCAL, "checkout", "1.0.0");
    EndpointRef checkout = endpoint(LOCAL, "checkout");
    await(cloud.ensureEndpoint(checkout));

    cloud.faults().setWeights(LOCAL, "checkout", new TrafficSplit(Map.of(old, 30, "elsewhere", 70)));
    cloud.faults().deleteEnvironment(LOCAL, old);

    Inventory inventory = await(cloud.scan(LOCAL));
    assertTrue(inventory.environments().isEmpty());
    assertEquals(new TrafficSplit(Map.of(old, 30, "elsewhere", 70)), inventory.endpoints().get("checkout"));
    assertEquals(0, cloud.callCount("setWeights"));
    assertEquals(0, cloud.callCount("delete"));
  }

  @Test
  void endpointUrlServesTheEnvironmentItWeighs() throws Exception {
    String old = start(LOCAL, "checkout", "1.0.0");
    EndpointRef checkout = endpoint(LOCAL, "checkout");
    EndpointInfo info = await(cloud.ensureEndpoint(checkout));
    await(cloud.setWeights(checkout, new TrafficSplit(Map.of(old, 100))));

    assertEquals(old, get(info.url() + "/").headers().firstValue("X-Flotilla-Environment").orElseThrow());
    assertEquals(new TrafficSplit(Map.of(old, 100)), await(cloud.ensureEndpoint(checkout)).split());
  }

  private String start(io.flotilla.cloud.Placement placement, String service, String version) {
    String id = await(cloud.create(request(placement, service, version, 1))).environmentId();
    awaitStatus(cloud, placement, id, EnvironmentStatus.HEALTHY);
    return id;
  }

  private static Set<String> ids(Inventory inventory) {
    return inventory.environments().stream().map(EnvironmentInfo::environmentId).collect(Collectors.toSet());
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
