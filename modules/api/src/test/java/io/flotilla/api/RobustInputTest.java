package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.testkit.TestNodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hostile or odd requests get a 4xx in the API's JSON shape, naming what is wrong, and change nothing. */
@ExtendWith(ApiNodeExtension.class)
class RobustInputTest {
  private final ApiNode node;

  RobustInputTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void unknownQueryParametersAreRefusedNamingThemAndWhatIsAllowed() {
    ApiNode.Response list = node.get("/api/v1/services?acount=local");
    assertEquals(400, list.status(), list.toString());
    assertEquals(List.of("acount"), ServiceRoutesTest.fields(list.json()));
    assertTrue(list.json().path("details").path(0).path("message").asText()
        .contains("allowed: account, cursor, limit, offset, phase, q, region, team"), list.toString());
    assertEquals(200, node.get("/api/v1/services?account=local&limit=5").status());
  }

  @Test
  void aParameterOnACommandIsRefusedAndNothingHappens() {
    String name = created();
    ApiNode.Response release = node.post("/api/v1/services/" + name + "/releases?force=true",
        "{\"version\": \"1.0.0\"}");
    assertEquals(400, release.status(), release.toString());
    assertEquals("unknown query parameter; allowed: none", release.json().path("details").path(0).path("message")
        .asText());
    assertTrue(node.get("/api/v1/services/" + name).json().path("activeRelease").isMissingNode());
  }

  @Test
  void aRepeatedParameterIsRefused() {
    ApiNode.Response response = node.get("/api/v1/services?limit=1&limit=500");
    assertEquals(400, response.status(), response.toString());
    assertEquals("limit: is given more than once", response.json().path("message").asText());
  }

  @Test
  void bytesThatAreNotUtf8AreABadRequest() {
    byte[] body = "name: x\nimage: \u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
    ApiNode.Response response = node.send(node.request("/api/v1/services/x", "Content-Type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertEquals(400, response.status(), response.toString());
    assertEquals("$: the body is not valid UTF-8 (at byte 15)", response.json().path("message").asText());
  }

  @Test
  void charsetsOtherThanUtf8AndCompressedBodiesAreUnsupported() {
    String name = Specs.uniqueName("charset");
    ApiNode.Response latin1 = node.put("/api/v1/services/" + name, "application/yaml; charset=ISO-8859-1",
        Specs.yaml(name));
    assertEquals(415, latin1.status(), latin1.toString());
    assertEquals("charset ISO-8859-1 is not supported; send UTF-8", latin1.json().path("message").asText());
    ApiNode.Response unknownCharset = node.put("/api/v1/services/" + name, "application/yaml; charset=x-nonsense",
        Specs.yaml(name));
    assertEquals(415, unknownCharset.status(), unknownCharset.toString());
    ApiNode.Response gzip = node.send(node.request("/api/v1/services/" + name, "Content-Type", "application/json",
        "Content-Encoding", "gzip").PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x1f, (byte) 0x8b, 8})));
    assertEquals(415, gzip.status(), gzip.toString());
    assertEquals("Content-Encoding gzip is not supported; send the body uncompressed",
        gzip.json().path("message").asText());
    assertEquals(404, node.get("/api/v1/services/" + name).status());
  }

  @Test
  void unpairedSurrogatesAndControlCharactersInBodiesNameTheField() {
    String name = created();
    ApiNode.Response surrogate = node.post("/api/v1/services/" + name + "/rollback", "{\"reason\": \"x\\ud800\"}");
    assertEquals(400, surrogate.status(), surrogate.toString());
    assertEquals(List.of("reason"), ServiceRoutesTest.fields(surrogate.json()));
    ApiNode.Response nul = node.post("/api/v1/services/" + name + "/releases", "{\"version\": \"1.0\\u0000\"}");
    assertEquals(400, nul.status(), nul.toString());
    assertEquals("version: contains the control character U+0000 at character 3", nul.json().path("message").asText());
    assertTrue(node.get("/api/v1/services/" + name).json().path("activeRelease").isMissingNode());
  }

  @Test
  void parserLimitsAreABadRequestNamingTheLimit() {
    String name = created();
    ApiNode.Response deep = node.post("/api/v1/services/" + name + "/releases",
        "{\"version\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}");
    assertEquals(400, deep.status(), deep.toString());
    assertEquals("$: objects and lists nest deeper than 64 levels", deep.json().path("message").asText());
    ApiNode.Response longNumber = node.post("/api/v1/releases", "{\"maxConcurrent\": " + "9".repeat(500) + "}");
    assertEquals(400, longNumber.status(), longNumber.toString());
    assertEquals("$: a number is longer than 100 characters", longNumber.json().path("message").asText());
    ApiNode.Response tagged = node.put("/api/v1/services/" + name, "application/yaml",
        "name: " + name + "\nimage: !!python/object:os.system x\n");
    assertEquals(400, tagged.status(), tagged.toString());
    assertTrue(tagged.json().path("message").asText().contains("YAML tag !!python/object:os.system is not"
        + " supported"), tagged.toString());
  }

  @Test
  void commandBodiesHaveTheirOwnSmallerLimit() {
    String name = created();
    String reason = "x".repeat(70 * 1024);
    ApiNode.Response response = node.post("/api/v1/services/" + name + "/rollback", "{\"reason\": \"" + reason + "\"}");
    assertEquals(413, response.status(), response.status() + " " + response.text());
    assertEquals("the request body is larger than 65536 bytes, the limit for this request",
        response.json().path("message").asText());
  }

  @Test
  void anUnknownMethodIsNotAllowedInJson() throws IOException {
    String response = raw("FROB /api/v1/services HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + TestNodeConfig.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 405"), response);
    assertTrue(response.contains("\"error\":\"method_not_allowed\""), response);
    assertTrue(response.contains("Allow: GET, HEAD, PUT, POST, DELETE"), response);
  }

  @Test
  void aUriOverTheParserLimitIsAnErrorInJson() throws IOException {
    String response = raw("GET /api/v1/services/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\nConnection: close"
        + "\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 414"), response);
    assertTrue(response.contains("\"error\":\"uri_too_long\""), response);
  }

  @Test
  void malformedRequestLinesAreBadRequestsInJson() throws IOException {
    String response = raw("GET /api/v1/services HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.contains("\"error\":\"invalid_request\""), response);
  }

  @Test
  void aMalformedContentLengthIsABadRequestNotAnEmptyBody() throws IOException {
    // (an empty Content-Length is dropped by Pekko's parser before the routes see it: that request has no body)
    for (String length : List.of("abc", "-1", "1e3", "99999999999999999999999", "12, 13")) {
      String response = raw("POST /api/v1/orphans/sweep HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n{\"dryRun\": true}");
      assertTrue(response.startsWith("HTTP/1.1 400"), length + ": " + response);
      assertTrue(response.contains("Content-Length"), response);
    }
  }

  @Test
  void aHeaderEndingInABadByteCannotHideTheNextHeader() throws IOException {
    // the byte E9 alone is not UTF-8; Pekko's parser then reads the next line into the value, losing Content-Length
    String response = raw("POST /api/v1/orphans/sweep HTTP/1.1\r\nHost: x\r\nX-Note: caf\u00e9\r\n"
        + "Content-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{\"dryRun\": \"x\"}");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.contains("malformed header"), response);
  }

  @Test
  void anUnsupportedHttpVersionIsABadRequest() throws IOException {
    String response = raw("GET /healthz HTTP/3.7\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.contains("use HTTP/1.1"), response);
  }

  @Test
  void pagingNumbersAreAsciiDigitsOnly() {
    for (String limit : List.of("%D9%A1%D9%A0", "+5", "%205", "5.0", "0x10")) {
      ApiNode.Response response = node.get("/api/v1/services?limit=" + limit);
      assertEquals(400, response.status(), limit + ": " + response);
      assertEquals(List.of("limit"), ServiceRoutesTest.fields(response.json()));
    }
  }

  @Test
  void garbageEventIdsAndCursorsAreBadRequests() {
    for (String header : List.of("abc", "-1", "99999999999999999999999", "1e3")) {
      ApiNode.Response response = node.get("/api/v1/events?service=checkout", "Accept", "text/event-stream",
          "Last-Event-ID", header);
      assertEquals(400, response.status(), header + ": " + response);
      assertEquals(List.of("Last-Event-ID"), ServiceRoutesTest.fields(response.json()));
    }
    ApiNode.Response cursor = node.get("/api/v1/events?cursor=not-a-cursor");
    assertEquals(400, cursor.status(), cursor.toString());
    ApiNode.Response offset = node.get("/api/v1/services?offset=99999999999");
    assertEquals(400, offset.status(), offset.toString());
  }

  private String created() {
    String name = Specs.uniqueName("robust");
    ApiNode.Response response = node.put("/api/v1/services/" + name, "application/yaml", Specs.yaml(name));
    assertEquals(201, response.status(), response.toString());
    return name;
  }

  /** Sends bytes no HTTP client library would, and reads the answer until the server closes the connection. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket(node.base.getHost(), node.base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
