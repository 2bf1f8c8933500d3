package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiNodeExtension.class)
class AccountRoutesTest {
  private static final String JSON = "application/json";
  private final ApiNode node;

  AccountRoutesTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void theEmbeddedCloudsAccountComesFromConfiguration() {
    ApiNode.Response response = node.get("/api/v1/accounts");
    assertEquals(200, response.status(), response.toString());
    JsonNode local = find(response.json(), "local");
    assertEquals("config", local.path("source").asText());
    assertEquals("local", local.path("regions").path(0).asText());
    ApiNode.Response change = node.put("/api/v1/accounts/local", JSON, "{\"regions\": [\"eu-west-1\"]}");
    assertEquals(409, change.status(), change.toString());
    assertTrue(change.json().path("message").asText().contains("flotilla.accounts"), change.toString());
  }

  @Test
  void registerChangeAndReadAnAccountWithoutShowingItsExternalId() {
    String id = "1" + String.format("%011d", System.nanoTime() % 100_000_000_000L);
    String alias = "prod-" + id.substring(6);
    String body = "{\"alias\": \"" + alias + "\", \"roleArn\": \"arn:aws:iam::" + id + ":role/flotilla-deploy\","
        + " \"externalId\": \"s3cr3t-ext-id\", \"regions\": [\"us-east-1\", \"eu-west-1\"]}";
    ApiNode.Response created = node.put("/api/v1/accounts/" + id, JSON, body);
    assertEquals(201, created.status(), created.toString());
    assertEquals("/api/v1/accounts/" + id, created.header("Location"));
    assertFalse(created.text().contains("s3cr3t"), "the external id is never shown");
    assertTrue(created.json().path("externalIdSet").asBoolean());

    assertEquals(200, node.put("/api/v1/accounts/" + id, JSON, body).status(), "the same account again is unchanged");
    ApiNode.Response byAlias = node.get("/api/v1/accounts/" + alias);
    assertEquals(200, byAlias.status(), byAlias.toString());
    assertEquals(id, byAlias.json().path("id").asText());
    assertEquals("api", byAlias.json().path("source").asText());
    assertEquals(List.of("us-east-1", "eu-west-1"), texts(byAlias.json().path("regions")));

    ApiNode.Response updated = node.put("/api/v1/accounts/" + id, JSON, body.replace("\"eu-west-1\"", "\"eu-central-1\""));
    assertEquals(200, updated.status(), updated.toString());
    assertEquals(List.of("us-east-1", "eu-central-1"), texts(find(node.get("/api/v1/accounts").json(), id).path("regions")));
    assertFalse(node.get("/api/v1/accounts").text().contains("s3cr3t"));
  }

  @Test
  void aServiceMustNameARegisteredAccountAndOneOfItsRegions() {
    String id = "2" + String.format("%011d", System.nanoTime() % 100_000_000_000L);
    String name = Specs.uniqueName("placed");
    ApiNode.Response unknown = node.put("/api/v1/services/" + name, "application/yaml",
        Specs.yaml(name).replace("name: " + name, "name: " + name + "\naccount: '" + id + "'\nregion: us-east-1"));
    assertEquals(400, unknown.status(), unknown.toString());
    assertTrue(unknown.json().path("details").path(0).path("message").asText().contains("unknown account"), unknown.toString());
    assertEquals("account", unknown.json().path("details").path(0).path("field").asText(), unknown.toString());
    assertEquals(404, node.get("/api/v1/services/" + name).status(), "a refused spec creates nothing");

    ApiNode.Response registered = node.put("/api/v1/accounts/" + id, JSON,
        "{\"alias\": \"stage-" + id.substring(6) + "\", \"regions\": [\"us-east-1\"]}");
    assertEquals(201, registered.status(), registered.toString());
    ApiNode.Response wrongRegion = node.put("/api/v1/services/" + name, "application/yaml",
        Specs.yaml(name).replace("name: " + name, "name: " + name + "\naccount: '" + id + "'\nregion: eu-west-1"));
    assertEquals(400, wrongRegion.status(), wrongRegion.toString());
    assertEquals("region", wrongRegion.json().path("details").path(0).path("field").asText());

    ApiNode.Response placed = node.put("/api/v1/services/" + name, "application/yaml",
        Specs.yaml(name).replace("name: " + name, "name: " + name + "\naccount: stage-" + id.substring(6) + "\nregion: us-east-1"));
    assertEquals(201, placed.status(), placed.toString());
    JsonNode status = node.get("/api/v1/services/" + name).json();
    assertEquals("stage-" + id.substring(6), status.path("account").asText());
    assertEquals("us-east-1", status.path("region").asText());

    // the fleet list finds it by either name of the account, and only there (once the fleet view has it)
    Eventually.until(Duration.ofSeconds(10), () -> listed(node.get("/api/v1/services?q=" + name + "&account=" + id)
        .json()), found -> found.contains(name));
    assertTrue(listed(node.get("/api/v1/services?q=" + name + "&account=stage-" + id.substring(6) + "&region=us-east-1").json()).contains(name));
    assertFalse(listed(node.get("/api/v1/services?q=" + name + "&account=local").json()).contains(name));

    // events carry the account and region, and can be filtered by either name of the account
    JsonNode events = node.get("/api/v1/events?service=" + name).json().path("events");
    assertEquals("SpecChanged", events.path(0).path("type").asText(), events.toString());
    assertEquals("stage-" + id.substring(6), events.path(0).path("account").asText());
    assertEquals("us-east-1", events.path(0).path("region").asText());
    String since = "&since=" + java.time.Instant.now().minusSeconds(120);
    assertTrue(services(node.get("/api/v1/events?limit=1000&account=" + id + since).json()).contains(name));
    assertTrue(services(node.get("/api/v1/events?limit=1000&account=" + id + "&region=us-east-1" + since).json()).contains(name));
    assertFalse(services(node.get("/api/v1/events?limit=1000&account=local" + since).json()).contains(name));
    assertFalse(services(node.get("/api/v1/events?limit=1000&account=" + id + "&region=eu-west-1" + since).json()).contains(name));
    assertEquals(400, node.get("/api/v1/events?account=no%20such").status());
  }

  private static List<String> listed(JsonNode page) {
    assertTrue(page.has("services"), "a page of services: " + page);
    List<String> out = new ArrayList<>();
    page.path("services").forEach(service -> out.add(service.path("service").asText()));
    return out;
  }

  private static List<String> services(JsonNode page) {
    assertTrue(page.has("events"), "a page of events: " + page);
    List<String> out = new ArrayList<>();
    page.path("events").forEach(event -> out.add(event.path("service").asText()));
    return out;
  }

  @Test
  void anUnquotedAccountIdInYamlIsRefusedWithAHint() {
    String name = Specs.uniqueName("numeric");
    ApiNode.Response response = node.put("/api/v1/services/" + name, "application/yaml",
        Specs.yaml(name).replace("name: " + name, "name: " + name + "\naccount: 123456789012"));
    assertEquals(400, response.status(), response.toString());
    assertEquals("account", response.json().path("details").path(0).path("field").asText());
    assertTrue(response.json().path("details").path(0).path("message").asText().contains("quote"), response.toString());
  }

  @Test
  void invalidAccountsAreRefusedNamingEachField() {
    ApiNode.Response response = node.put("/api/v1/accounts/333333333333", JSON,
        "{\"id\": \"444444444444\", \"roleArn\": \"arn:aws:iam::1:role/x\", \"externalId\": \"x\", \"regions\": [\"US East\", \"us-east-1\", \"us-east-1\"], \"colour\": 1}");
    assertEquals(400, response.status(), response.toString());
    List<String> fields = new ArrayList<>();
    response.json().path("details").forEach(detail -> fields.add(detail.path("field").asText()));
    assertTrue(fields.containsAll(List.of("colour")), fields.toString());
    ApiNode.Response invalid = node.put("/api/v1/accounts/333333333333", JSON,
        "{\"id\": \"444444444444\", \"roleArn\": \"arn:aws:iam::1:role/x\", \"externalId\": \"x\", \"regions\": [\"US East\", \"us-east-1\", \"us-east-1\"]}");
    List<String> invalidFields = new ArrayList<>();
    invalid.json().path("details").forEach(detail -> invalidFields.add(detail.path("field").asText()));
    assertEquals(List.of("id", "roleArn", "externalId", "regions[0]", "regions[2]"), invalidFields, invalid.toString());
    assertEquals(400, node.put("/api/v1/accounts/333333333333", JSON, "{\"regions\": []}").status());
    assertEquals(400, node.put("/api/v1/accounts/333333333333", JSON, "{\"regions\": [\"us-east-1\"").status());
    assertEquals(404, node.get("/api/v1/accounts/333333333333").status(), "nothing was registered");
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode account : list.path("accounts")) {
      if (account.path("id").asText().equals(id)) {
        return account;
      }
    }
    throw new AssertionError("no account " + id + " in " + list);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }
}
