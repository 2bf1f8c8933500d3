package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.testkit.TestNodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Optional mutual TLS (issue 6, part 3): the API over HTTPS with client certificates required; a trusted certificate
 * whose subject is configured in {@code flotilla.auth.certificates} authenticates as its principal (with its role
 * and teams), a trusted but unmapped one gets 401 unless it sends a token, and an untrusted one or none does not get
 * through the handshake. Certificates are made with the JDK's keytool when the test starts.
 */
class MutualTlsTest {
  private static final String PASSWORD = "changeit";
  private static Path directory;
  private static TestFlotilla flotilla;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    directory = Files.createDirectories(Path.of("target", "tls"));
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    keyPair("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
    keyPair("ci", "CN=flotilla-ci,O=Flotilla Test", null);
    keyPair("unmapped", "CN=unmapped,O=Flotilla Test", null);
    keyPair("stranger", "CN=stranger,O=Elsewhere", null);
    for (String client : List.of("ci", "unmapped")) {
      trust("server-trust", client);
    }
    trust("client-trust", "server");
    flotilla = TestFlotilla.startWith("mtls", """
        flotilla.http.tls {
          enabled = on
          keystore = "%s"
          keystore-password = %s
          truststore = "%s"
          truststore-password = %s
          client-auth = need
        }
        flotilla.auth.certificates = [
          {subject = "cn=flotilla-ci, o=Flotilla Test", name = ci, role = deployer, teams = [team-a]}]
        """.formatted(store("server"), PASSWORD, store("server-trust"), PASSWORD));
    base = flotilla.node.apiUrl();
    assertTrue(base.startsWith("https://"), base);
    HttpClient ci = client("ci");
    Eventually.until(Duration.ofSeconds(90), () -> {
      try {
        return send(ci, "GET", "/readyz", null, null).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, "the node to be ready over HTTPS");
  }

  @AfterAll
  static void stop() throws Exception {
    if (flotilla != null) {
      flotilla.close();
    }
  }

  @Test
  void aMappedClientCertificateActsAsItsPrincipalWithItsRoleAndTeams() throws Exception {
    HttpClient ci = client("ci");
    assertEquals(200, send(ci, "GET", "/api/v1/services", null, null).statusCode());
    HttpResponse<String> created = send(ci, "PUT", "/api/v1/services/tls-a", spec("tls-a", "team-a"), null);
    assertEquals(201, created.statusCode(), created.body());
    HttpResponse<String> refused = send(ci, "PUT", "/api/v1/services/tls-b", spec("tls-b", "team-b"), null);
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("'ci' deploys for team(s) team-a"), refused.body());
  }

  @Test
  void aTrustedButUnmappedCertificateNeedsAToken() throws Exception {
    HttpClient unmapped = client("unmapped");
    HttpResponse<String> refused = send(unmapped, "GET", "/api/v1/services", null, null);
    assertEquals(401, refused.statusCode(), refused.body());
    assertEquals(200, send(unmapped, "GET", "/api/v1/services", null, TestNodeConfig.ADMIN_TOKEN).statusCode());
    assertEquals(200, send(unmapped, "GET", "/healthz", null, null).statusCode());
  }

  @Test
  void withoutATrustedClientCertificateTheHandshakeFails() throws Exception {
    assertThrows(IOException.class, () -> send(client("stranger"), "GET", "/healthz", null, null));
    assertThrows(IOException.class, () -> send(client(null), "GET", "/healthz", null, null));
  }

  private static String spec(String name, String team) {
    return "name: " + name + "\nteam: " + team + "\nimage: demo/" + name + "\n";
  }

  private static HttpResponse<String> send(HttpClient client, String method, String path, String yaml, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, yaml == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yaml));
    if (yaml != null) {
      request.header("Content-Type", "application/yaml");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A client that trusts the server's certificate and presents {@code keyPair}'s (none for null). */
  private static HttpClient client(String keyPair) throws Exception {
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load("client-trust"));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyPair == null ? null : load(keyPair), PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyPair == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static KeyStore load(String name) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(store(name)))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static String store(String name) {
    return directory.resolve(name + ".p12").toAbsolutePath().toString();
  }

  private static void keyPair(String name, String subject, String extension) throws Exception {
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
        "secp256r1", "-dname", subject, "-validity", "2", "-storetype", "PKCS12", "-keystore", store(name),
        "-storepass", PASSWORD, "-keypass", PASSWORD));
    if (extension != null) {
      args.addAll(List.of("-ext", extension));
    }
    keytool(args);
    keytool(List.of("-exportcert", "-alias", name, "-keystore", store(name), "-storepass", PASSWORD, "-file",
        directory.resolve(name + ".crt").toString()));
  }

  private static void trust(String store, String certificate) throws Exception {
    keytool(List.of("-importcert", "-noprompt", "-alias", certificate, "-file",
        directory.resolve(certificate + ".crt").toString(), "-storetype", "PKCS12", "-keystore", store(store),
        "-storepass", PASSWORD));
  }

  private static void keytool(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool timed out");
    assertEquals(0, process.exitValue(), "keytool " + args + ": " + output);
  }
}
