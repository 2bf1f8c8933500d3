package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.testkit.TestNodeConfig;
import org.junit.jupiter.api.Test;

/** Issue 6, part 3: mutating calls are rate-limited per principal (429 with Retry-After); reads are not. */
class RateLimitTest {
  private static final String OTHER = "other-admin-" + TestNodeConfig.newKeyspace("t");

  @Test
  void aPrincipalOverItsBurstGets429WithRetryAfterWhileReadsAndOtherPrincipalsGoOn() throws Exception {
    try (TestFlotilla flotilla = TestFlotilla.startWith("ratelimit", """
        flotilla.auth.tokens = [
          {name = test-admin, role = admin, sha256 = "%s"},
          {name = other-admin, role = admin, sha256 = "%s"}]
        flotilla.auth.rate-limit { mutations-per-second = 0.01, burst = 3 }
        """.formatted(TestNodeConfig.sha256Hex(TestNodeConfig.ADMIN_TOKEN), TestNodeConfig.sha256Hex(OTHER)))) {
      for (int i = 0; i < 3; i++) {
        // an unknown service: the call passes the limiter and changes nothing
        assertEquals(404, flotilla.api.post("/api/v1/services/nosuch/pause", "{}").status(), "call " + i);
      }
      ApiClient.Response limited = flotilla.api.post("/api/v1/services/nosuch/pause", "{}");
      assertEquals(429, limited.status(), limited.text());
      assertEquals("rate_limited", limited.body().path("error").asText());
      long retryAfter = Long.parseLong(limited.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 100, "Retry-After " + retryAfter);
      assertTrue(limited.body().path("message").asText().contains("test-admin"), limited.text());
      // burst 3 at 0.01/s: the next call passes in 100 s
      ApiClient.Response again = flotilla.api.send("PUT", "/api/v1/services/nosuch", "application/yaml", "name: x");
      assertEquals(429, again.status(), again.text());
      assertEquals(200, flotilla.api.get("/api/v1/services").status(), "reads are not limited");
      assertEquals(404, new ApiClient(flotilla.node.apiUrl(), OTHER).post("/api/v1/services/nosuch/pause", "{}")
          .status(), "another principal has its own bucket");
      System.out.println("429 answer: " + limited.text());
    }
  }
}
