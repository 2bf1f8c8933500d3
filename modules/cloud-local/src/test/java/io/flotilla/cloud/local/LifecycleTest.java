package io.flotilla.cloud.local;

import static io.flotilla.cloud.local.TestClouds.LOCAL;
import static io.flotilla.cloud.local.TestClouds.await;
import static io.flotilla.cloud.local.TestClouds.endpoint;
import static io.flotilla.cloud.local.TestClouds.eventually;
import static io.flotilla.cloud.local.TestClouds.request;

import io.flotilla.cloud.TrafficSplit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  @Test
  void closeStopsEveryServerAndThread() throws Exception {
    LocalCloud cloud = TestClouds.fastCloud();
    LocalCloudServer server = LocalCloudServer.start(cloud, 0);
    for (int i = 0; i < 20; i++) {
      await(cloud.create(request(LOCAL, "service" + i, "1.0.0", 2)));
    }
    await(cloud.ensureEndpoint(endpoint(LOCAL, "service0")));
    await(cloud.setWeights(endpoint(LOCAL, "service0"), new TrafficSplit(Map.of("service0-1.0.0", 100))));
    await(cloud.openPreview(endpoint(LOCAL, "service0"), "service0-1.0.0"));

    server.close();
    cloud.close();

    eventually("no local cloud threads left: " + ours(), () -> ours().isEmpty());
  }

  /** Threads of the cloud and of its JDK servers (the JDK HTTP client's selector thread ends on its own, later). */
  private static List<String> ours() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("flotilla-local") || name.startsWith("HTTP-Dispatcher")
            || name.startsWith("server-timer"))
        .toList();
  }
}
