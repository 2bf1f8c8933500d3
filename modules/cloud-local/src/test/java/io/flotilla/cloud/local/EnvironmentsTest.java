package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.TestClouds.LOCAL;
import static io.flotilla.cloud.local.TestClouds.await;
import static io.flotilla.cloud.local.TestClouds.awaitStatus;
import static io.flotilla.cloud.local.TestClouds.eventually;
import static io.flotilla.cloud.local.TestClouds.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Tags;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {
  private final LocalCloud cloud = TestClouds.fastCloud();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void environmentBecomesHealthyAndServesItsVersion() throws Exception {
    EnvironmentRequest request = request(LOCAL, "checkout", "1.0.0", 2);
    EnvironmentInfo created = await(cloud.create(request));
    assertEquals(EnvironmentStatus.STARTING, created.status());
    assertEquals(2, created.instances());
    assertEquals("checkout", created.service());
    assertEquals("1.0.0", created.version());

    EnvironmentInfo healthy = awaitStatus(cloud, LOCAL, request.environmentId(), EnvironmentStatus.HEALTHY);
    assertEquals(2, healthy.healthyInstances());
    List<URI> instances = cloud.instanceUrls(request.environmentId());
    assertEquals(2, instances.size());
    for (int i = 0; i < instances.size(); i++) {
      HttpResponse<String> response = get(instances.get(i) + "/orders?id=7");
      assertEquals(200, response.statusCode());
      assertEquals("1.0.0", response.headers().firstValue("X-Flotilla-Version").orElseThrow());
      assertEquals(request.environmentId(), response.headers().firstValue("X-Flotilla-Environment").orElseThrow());
      JsonNode body = new ObjectMapper().readTree(response.body());
      assertEquals("checkout", body.get("service").asText());
      assertEquals("1.0.0", body.get("version").asText());
      assertEquals(request.environmentId(), body.get("environment").asText());
      assertEquals(i + 1, body.get("instance").asInt());
      assertEquals(200, get(instances.get(i) + "/health").statusCode());
    }
  }

  @Test
  void createIsIdempotent() {
    EnvironmentRequest request = request(LOCAL, "checkout", "1.0.0", 2);
    await(cloud.create(request));
    List<URI> first = cloud.instanceUrls(request.environmentId());

    EnvironmentInfo again = await(cloud.create(request));

    assertEquals(2, again.instances());
    assertEquals(first, cloud.instanceUrls(request.environmentId()));
    assertEquals(1, await(cloud.scan(LOCAL)).environmentsOf("checkout").size());
    assertEquals(2, cloud.callCount("create"));
  }

  @Test
  void tagsIncludeTheRequestsAndFlotillasOwn() {
    EnvironmentInfo info = await(cloud.create(request(LOCAL, "checkout", "1.0.0", 1)));
    assertEquals("flotilla", info.tags().get(Tags.OWNER));
    assertEquals("checkout-1.0.0", info.tags().get(Tags.ENV_ID));
    assertEquals("1", info.tags().get(Tags.REVISION));
  }

  @Test
  void brokenVersionNeverBecomesHealthy() throws Exception {
    EnvironmentRequest broken = request(LOCAL, "checkout", "1.0.0-broken", 1);
    EnvironmentRequest good = request(LOCAL, "checkout", "1.0.0", 1);
    await(cloud.create(broken));
    await(cloud.create(good));

    // The good one, started at the same time, is healthy well after the broken one could have been.
    awaitStatus(cloud, LOCAL, good.environmentId(), EnvironmentStatus.HEALTHY);
    TestClouds.sleep(600);

    EnvironmentInfo info = await(cloud.describe(LOCAL, broken.environmentId())).orElseThrow();
    assertEquals(EnvironmentStatus.STARTING, info.status());
    assertEquals(0, info.healthyInstances());
    assertEquals(503, get(cloud.instanceUrls(broken.environmentId()).get(0) + "/health").statusCode());
  }

  @Test
  void killedInstanceIsReplacedAndEnvironmentReturnsToHealthy() {
    EnvironmentRequest request = request(LOCAL, "checkout", "1.0.0", 2);
    await(cloud.create(request));
    awaitStatus(cloud, LOCAL, request.environmentId(), EnvironmentStatus.HEALTHY);
    URI killed = cloud.instanceUrls(request.environmentId()).get(0);

    cloud.faults().killInstance(request.environmentId(), 0);

    assertThrows(IOException.class, () -> get(killed + "/health"));
    eventually("a replacement instance", () -> {
      List<URI> now = cloud.instanceUrls(request.environmentId());
      return now.size() == 2 && !now.contains(killed);
    });
    EnvironmentInfo recovered = awaitStatus(cloud, LOCAL, request.environmentId(), EnvironmentStatus.HEALTHY);
    assertEquals(2, recovered.healthyInstances());
    assertNotEquals(killed, cloud.instanceUrls(request.environmentId()).get(0));
  }

  @Test
  void killingTheOnlyInstanceMakesTheEnvironmentUnhealthy() {
    EnvironmentRequest request = request(LOCAL, "checkout", "1.0.0", 1);
    await(cloud.create(request));
    awaitStatus(cloud, LOCAL, request.environmentId(), EnvironmentStatus.HEALTHY);
    // A version that never passes again keeps the replacement from recovering, so UNHEALTHY can be observed.
    cloud.faults().overrideVersion("1.0.0", VersionBehavior.WELL_BEHAVED.withHealthy(false));

    cloud.faults().killInstance(request.environmentId(), 0);

    EnvironmentInfo info = awaitStatus(cloud, LOCAL, request.environmentId(), EnvironmentStatus.UNHEALTHY);
    assertEquals(0, info.healthyInstances());
  }

  @Test
  void deleteStopsTheInstancesAndIsIdempotent() {
    EnvironmentRequest request = request(LOCAL, "checkout", "1.0.0", 1);
    await(cloud.create(request));
    URI instance = cloud.instanceUrls(request.environmentId()).get(0);

    await(cloud.delete(LOCAL, request.environmentId()));
    await(cloud.delete(LOCAL, request.environmentId()));
    await(cloud.delete(LOCAL, "never-existed"));

    assertEquals(Optional.empty(), await(cloud.describe(LOCAL, request.environmentId())));
    assertThrows(IOException.class, () -> get(instance + "/health"));
    assertEquals(3, cloud.callCount("delete"));
  }

  @Test
  void sameIdInAnotherPlacementIsAnotherEnvironment() {
    await(cloud.create(request(LOCAL, "checkout", "1.0.0", 1)));
    assertTrue(await(cloud.describe(TestClouds.OTHER, "checkout-1.0.0")).isEmpty());
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
