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
class ServiceRoutesTest {
  private static final String YAML = "application/yaml";
  private static final String JSON = "application/json";

  private final ApiNode node;

  ServiceRoutesTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void putJsonSpecCreatesRevisionOne() {
    String name = Specs.uniqueName("create");
    ApiNode.Response response = node.put("/api/v1/services/" + name, JSON, Specs.json(name));
    assertEquals(201, response.status(), response.toString());
    assertEquals("created", response.json().path("outcome").asText());
    assertEquals(1, response.json().path("revision").asInt());
    assertEquals("/api/v1/services/" + name, response.header("Location"));
  }

  @Test
  void putYamlSpecInEveryYamlMediaType() {
    for (String type : List.of("application/yaml", "application/x-yaml", "text/yaml; charset=utf-8")) {
      String name = Specs.uniqueName("yaml");
      ApiNode.Response response = node.put("/api/v1/services/" + name, type, Specs.yaml(name));
      assertEquals(201, response.status(), type + ": " + response);
      assertEquals(1, response.json().path("revision").asInt());
    }
  }

  @Test
  void puttingTheSameSpecAgainChangesNothing() {
    String name = Specs.uniqueName("same");
    node.put("/api/v1/services/" + name, YAML, Specs.yaml(name));
    ApiNode.Response again = node.put("/api/v1/services/" + name, YAML, Specs.yaml(name));
    assertEquals(200, again.status(), again.toString());
    assertEquals("unchanged", again.json().path("outcome").asText());
    assertEquals(1, again.json().path("revision").asInt());
  }

  @Test
  void getShowsTheStatusWithTheSpecInTheFormPutAccepts() throws Exception {
    String name = Specs.uniqueName("get");
    node.put("/api/v1/services/" + name, YAML, Specs.yaml(name));
    ApiNode.Response status = node.get("/api/v1/services/" + name);
    assertEquals(200, status.status(), status.toString());
    JsonNode body = status.json();
    assertEquals(name, body.path("service").asText());
    assertEquals(1, body.path("revision").asInt());
    assertEquals("payments", body.path("spec").path("team").asText());
    assertEquals(100, body.path("spec").path("rollout").path("steps").path(0).path("weight").asInt());
    assertEquals("1h", body.path("spec").path("retention").path("keepPreviousFor").asText());
    assertFalse(body.has("kind"), "no protocol discriminator in the API");
    assertFalse(body.has("activeRelease"), "nulls are omitted");
    // what GET shows, PUT accepts as the same spec
    String spec = ApiNode.JSON.writeValueAsString(body.path("spec"));
    ApiNode.Response again = node.put("/api/v1/services/" + name, JSON, spec);
    assertEquals("unchanged", again.json().path("outcome").asText(), again.toString());
  }

  @Test
  void invalidSpecIsRefusedNamingEachFieldAndChangesNothing() {
    String name = Specs.uniqueName("invalid");
    node.put("/api/v1/services/" + name, YAML, Specs.yaml(name));
    String bad = Specs.yaml(name, "team: payments", "steps: [{weight: 50}, {weight: 150}]")
        .replace("minInstances: 1", "minInstances: -1");
    ApiNode.Response response = node.put("/api/v1/services/" + name, YAML, bad);
    assertEquals(400, response.status(), response.toString());
    assertEquals("invalid_request", response.json().path("error").asText());
    List<String> fields = fields(response.json());
    assertTrue(fields.contains("rollout.steps[1].weight"), fields.toString());
    assertTrue(fields.contains("runtime.minInstances"), fields.toString());
    JsonNode status = node.get("/api/v1/services/" + name).json();
    assertEquals(1, status.path("revision").asInt());
    assertEquals(100, status.path("spec").path("rollout").path("steps").path(0).path("weight").asInt());
  }

  @Test
  void malformedDocumentsNameTheLocation() {
    String name = Specs.uniqueName("malformed");
    ApiNode.Response json = node.put("/api/v1/services/" + name, JSON, "{\"name\": \"" + name + "\",\n \"image\": }");
    assertEquals(400, json.status(), json.toString());
    assertTrue(json.json().path("details").path(0).path("message").asText().startsWith("line 2"), json.toString());
    ApiNode.Response yaml = node.put("/api/v1/services/" + name, YAML, "name: " + name + "\nimage: [unclosed\n");
    assertEquals(400, yaml.status(), yaml.toString());
    assertTrue(yaml.json().path("details").path(0).path("message").asText().startsWith("line "), yaml.toString());
    assertEquals(404, node.get("/api/v1/services/" + name).status());
  }

  @Test
  void aBodyNamingAnotherServiceIsRefused() {
    String name = Specs.uniqueName("path");
    ApiNode.Response response = node.put("/api/v1/services/" + name, YAML, Specs.yaml(name + "-other"));
    assertEquals(400, response.status(), response.toString());
    assertEquals(List.of("name"), fields(response.json()));
    assertEquals(404, node.get("/api/v1/services/" + name + "-other").status());
  }

  @Test
  void specsInOtherMediaTypesAreUnsupported() {
    String name = Specs.uniqueName("media");
    ApiNode.Response response = node.put("/api/v1/services/" + name, "text/plain", Specs.yaml(name));
    assertEquals(415, response.status(), response.toString());
    assertEquals("unsupported_media_type", response.json().path("error").asText());
  }

  @Test
  void unknownServicesAreNotFound() {
    for (String path : List.of("/api/v1/services/no-such-service", "/api/v1/services/no-such-service/revisions",
        "/api/v1/services/Not_A_Name")) {
      ApiNode.Response response = node.get(path);
      assertEquals(404, response.status(), path + ": " + response);
      assertEquals("not_found", response.json().path("error").asText());
    }
    assertEquals(404, node.delete("/api/v1/services/no-such-service").status());
  }

  @Test
  void revisionsListEveryRevisionOldestFirst() {
    String name = Specs.uniqueName("revisions");
    node.put("/api/v1/services/" + name, YAML, Specs.yaml(name));
    node.put("/api/v1/services/" + name, YAML, Specs.yaml(name, "team: billing", "steps: [{weight: 100}]"));
    ApiNode.Response response = node.get("/api/v1/services/" + name + "/revisions");
    assertEquals(200, response.status(), response.toString());
    JsonNode revisions = response.json().path("revisions");
    assertEquals(2, revisions.size(), response.toString());
    assertEquals(1, revisions.path(0).path("revision").asInt());
    assertEquals("payments", revisions.path(0).path("spec").path("team").asText());
    assertEquals(2, revisions.path(1).path("revision").asInt());
    assertEquals("billing", revisions.path(1).path("spec").path("team").asText());
    assertTrue(revisions.path(1).path("createdAt").asText().endsWith("Z"), "ISO-8601 instants");
  }

  @Test
  void listingFiltersAndPages() {
    String team = Specs.uniqueName("team");
    List<String> names = List.of(Specs.uniqueName("list-a"), Specs.uniqueName("list-b"), Specs.uniqueName("list-c"));
    for (String name : names) {
      node.put("/api/v1/services/" + name, YAML, Specs.yaml(name, "team: " + team, "steps: [{weight: 100}]"));
    }
    // the fleet view trails the journal by a moment
    JsonNode first = Eventually.until(Duration.ofSeconds(10),
        () -> node.get("/api/v1/services?team=" + team + "&limit=2").json(), page -> page.path("total").asInt() == 3);
    assertEquals(List.of(names.get(0), names.get(1)), services(first));
    assertEquals(2, first.path("next").asInt());
    JsonNode second = node.get("/api/v1/services?team=" + team + "&limit=2&offset=2").json();
    assertEquals(List.of(names.get(2)), services(second));
    assertFalse(second.has("next"));
    JsonNode summary = second.path("services").path(0);
    assertEquals("local", summary.path("account").asText());
    assertEquals("None", summary.path("phase").asText());
    assertEquals(List.of(), services(node.get("/api/v1/services?team=" + team + "&phase=Holding").json()));
    assertEquals(3, services(node.get("/api/v1/services?team=" + team + "&region=local&phase=none").json()).size());
  }

  @Test
  void listingRefusesBadPaging() {
    ApiNode.Response response = node.get("/api/v1/services?limit=501");
    assertEquals(400, response.status(), response.toString());
    assertEquals(List.of("limit"), fields(response.json()));
    assertEquals(400, node.get("/api/v1/services?offset=-1").status());
  }

  @Test
  void deleteIsAcceptedAndTheServiceGoesAway() {
    String name = Specs.uniqueName("delete");
    node.put("/api/v1/services/" + name, YAML, Specs.yaml(name));
    ApiNode.Response response = node.delete("/api/v1/services/" + name);
    assertEquals(202, response.status(), response.toString());
    assertEquals("deleting", response.json().path("outcome").asText());
    Eventually.until(Duration.ofSeconds(30), () -> node.get("/api/v1/services/" + name),
        status -> status.status() == 404);
    assertEquals(1, node.get("/api/v1/services/" + name + "/revisions").json().path("revisions").size(),
        "revisions stay in the journal");
  }

  static List<String> fields(JsonNode error) {
    List<String> fields = new ArrayList<>();
    error.path("details").forEach(detail -> fields.add(detail.path("field").asText()));
    return fields;
  }

  private static List<String> services(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("services").forEach(summary -> names.add(summary.path("service").asText()));
    return names;
  }
}
