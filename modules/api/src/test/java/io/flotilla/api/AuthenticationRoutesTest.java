package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiNodeExtension.class)
class AuthenticationRoutesTest {
  private final ApiNode node;

  AuthenticationRoutesTest(ApiNode node) {
    this.node = node;
  }

  private ApiNode.Response send(String path, String method, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.base.resolve(path))
        .header("Content-Type", "application/yaml")
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Specs.yaml("auth-" + method.toLowerCase())));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return node.send(request);
  }

  @Test
  void requestsWithoutATokenGet401WithABearerChallenge() {
    for (String path : new String[] {"/api/v1/services", "/api/v1/events", "/api/v1/accounts", "/metrics",
        "/api/v1/no-such-route"}) {
      ApiNode.Response response = send(path, "GET", null);
      assertEquals(401, response.status(), path + ": " + response);
      assertEquals("unauthorized", response.json().path("error").asText());
      assertEquals("Bearer realm=\"flotilla\"", response.header("WWW-Authenticate"));
    }
  }

  @Test
  void aWrongOrMalformedTokenGets401AndChangesNothing() {
    for (String header : new String[] {"Bearer not-the-token", "Basic Zm9vOmJhcg==", "Bearer", "Bearer a b"}) {
      ApiNode.Response response = send("/api/v1/services/auth-put", "PUT", header);
      assertEquals(401, response.status(), header + ": " + response);
      assertTrue(response.header("WWW-Authenticate").contains("invalid_token"), response.toString());
      assertFalse(response.text().contains("not-the-token"), response.toString());
    }
    assertEquals(404, node.get("/api/v1/services/auth-put").status());
  }

  @Test
  void healthAndTheDashboardsFilesStayOpen() {
    assertEquals(200, send("/healthz", "GET", null).status());
    assertEquals(200, send("/readyz", "GET", null).status());
    assertEquals(200, send("/", "GET", null).status());
  }

  @Test
  void theTestAdminTokenReadsAndWrites() {
    assertEquals(200, node.get("/metrics").status());
    assertEquals(200, node.get("/api/v1/services").status());
  }
}
