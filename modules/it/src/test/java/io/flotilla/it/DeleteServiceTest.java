package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting a service removes its environments and its endpoint; its history stays in the event feed. */
class DeleteServiceTest {
  private static TestFlotilla flotilla;

  @BeforeAll
  static void start() throws Exception {
    flotilla = TestFlotilla.start("delete");
  }

  @AfterAll
  static void stop() throws Exception {
    flotilla.close();
  }

  @Test
  void deleteRemovesEnvironmentsAndEndpointThenTheServiceIsGone() {
    flotilla.register("""
        name: doomed
        image: demo/doomed
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: {steps: [{weight: 100}]}
        """);
    flotilla.api.release("doomed", "1.0.0");
    flotilla.awaitIdle("doomed", Duration.ofSeconds(60));
    flotilla.api.release("doomed", "2.0.0");
    flotilla.awaitIdle("doomed", Duration.ofSeconds(60));
    assertEquals(2, flotilla.cloud.scan(TestFlotilla.LOCAL).toCompletableFuture().join()
        .environmentsOf("doomed").size(), "serving and hot previous environment");

    ApiClient.Response deleted = flotilla.api.send("DELETE", "/api/v1/services/doomed");
    assertEquals(202, deleted.status(), deleted.text());
    Eventually.until(Duration.ofSeconds(30), () -> flotilla.api.get("/api/v1/services/doomed").status() == 404,
        "the service to be gone");
    var inventory = flotilla.cloud.scan(TestFlotilla.LOCAL).toCompletableFuture().join();
    assertTrue(inventory.environmentsOf("doomed").isEmpty(), "environments removed");
    assertTrue(!inventory.endpoints().containsKey("doomed"), "endpoint removed");
    assertTrue(EventFeed.types(flotilla, "doomed").contains("ServiceDeleted"), "history kept");
    assertEquals(404, flotilla.api.release("doomed", "3.0.0").status());
  }
}
