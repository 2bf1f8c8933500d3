package io.flotilla.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.junit.jupiter.api.Test;

/** deploy/docker: the Dockerfile and compose.yaml agree with the node's configuration (ports, names, variables). */
class DockerArtifactsTest {
  private static final Pattern ENV_LINE = Pattern.compile("(FLOTILLA_[A-Z0-9_]+)=(\\S+)");
  private final Config config = DeployArtifacts.defaults();
  private final Set<String> variablesRead = DeployArtifacts.variablesRead();
  private final String dockerfile = DeployArtifacts.text("deploy/docker/Dockerfile");
  private final JsonNode compose = DeployArtifacts.yaml("deploy/docker/compose.yaml").get(0);

  @Test
  void theImageExposesTheConfiguredPorts() {
    Set<Integer> exposed = new TreeSet<>();
    for (String line : instructions("EXPOSE")) {
      Arrays.stream(line.trim().split("\\s+")).map(port -> Integer.parseInt(port.replace("/tcp", "")))
          .forEach(exposed::add);
    }
    assertEquals(new TreeSet<>(List.of(httpPort(), remotingPort(), managementPort())), exposed);
  }

  @Test
  void theImageRunsANodeAsAUserOtherThanRoot() throws Exception {
    List<String> entrypoint = List.of(new ObjectMapper().readValue(single("ENTRYPOINT"), String[].class));
    int main = entrypoint.indexOf("io.flotilla.server.Main");
    assertTrue(main > 0 && main + 1 < entrypoint.size(), "ENTRYPOINT runs io.flotilla.server.Main: " + entrypoint);
    assertEquals("node", entrypoint.get(main + 1));
    String user = single("USER").split(":")[0];
    assertFalse(user.equals("root") || user.equals("0"), "USER " + user);
  }

  @Test
  void theHealthCheckAsksManagementWhetherTheNodeIsReady() {
    String check = single("HEALTHCHECK");
    assertTrue(check.contains("${FLOTILLA_MANAGEMENT_PORT:-" + managementPort() + "}/" + readinessPath()), check);
  }

  @Test
  void everyVariableTheImageAndComposeSetIsOneTheConfigurationReads() {
    Set<String> set = new TreeSet<>(imageEnvironment().keySet());
    nodes().values().forEach(environment -> set.addAll(environment.keySet()));
    set.removeIf(name -> !name.startsWith("FLOTILLA_"));
    Set<String> unknown = new TreeSet<>(set);
    unknown.removeAll(variablesRead);
    assertTrue(unknown.isEmpty(), "set but never read: " + unknown + " (read: " + variablesRead + ")");
  }

  @Test
  void composeRunsThreeNodesWithWhatAClusterOfContainersNeeds() {
    Map<String, Map<String, String>> nodes = nodes();
    assertEquals(3, nodes.size(), nodes.keySet().toString());
    for (Map.Entry<String, Map<String, String>> node : nodes.entrySet()) {
      Map<String, String> environment = new HashMap<>(imageEnvironment());
      environment.putAll(node.getValue());
      String name = node.getKey();
      assertEquals("0.0.0.0", environment.get("FLOTILLA_HTTP_HOST"), name);
      assertEquals("0.0.0.0", environment.get("FLOTILLA_MANAGEMENT_BIND_HOST"), name);
      assertEquals("off", environment.get("FLOTILLA_EMBEDDED_CASSANDRA"), name);
      assertEquals(hostnameOf(name), environment.get("FLOTILLA_REMOTING_HOST"), name);
      assertEquals(hostnameOf(name), environment.get("FLOTILLA_MANAGEMENT_HOST"), name);
      assertEquals("seed-nodes", environment.getOrDefault("FLOTILLA_CLUSTER_FORMATION",
          config.getString(ClusterFormation.FORMATION)), name);
      assertEquals(String.valueOf(httpPort()), environment.getOrDefault("FLOTILLA_HTTP_PORT", "" + httpPort()));
      assertEquals(String.valueOf(remotingPort()),
          environment.getOrDefault("FLOTILLA_REMOTING_PORT", "" + remotingPort()));
      assertEquals(String.valueOf(managementPort()),
          environment.getOrDefault("FLOTILLA_MANAGEMENT_PORT", "" + managementPort()));
      assertEquals(Set.of(httpPort(), managementPort()), publishedContainerPorts(name), name);

      String seeds = environment.get("FLOTILLA_SEED_NODES");
      assertTrue(seeds != null && !seeds.isBlank(), name + " has seed nodes");
      for (String seed : seeds.split(",")) {
        Address address = AddressFromURIString.parse(seed.trim());
        assertEquals(FlotillaNode.SYSTEM_NAME, address.system(), seed);
        assertTrue(nodes.containsKey(address.getHost().get()), "seed " + seed + " is a node of compose");
        assertEquals(remotingPort(), (int) address.getPort().get(), seed);
      }
      URI cassandra = URI.create("tcp://" + environment.get("FLOTILLA_CASSANDRA"));
      assertTrue(services().contains(cassandra.getHost()), "Cassandra " + cassandra + " is a service");
      assertEquals(config.getInt("flotilla.cassandra.port"), cassandra.getPort());
      assertEquals("remote-local", environment.get("FLOTILLA_CLOUD"), name);
      URI cloud = URI.create(environment.get("FLOTILLA_CLOUD_URL"));
      assertTrue(services().contains(cloud.getHost()), "the cloud " + cloud + " is a service");
      List<String> cloudCommand = texts(compose.path("services").path(cloud.getHost()).path("entrypoint"));
      assertEquals(String.valueOf(cloud.getPort()), cloudCommand.get(cloudCommand.indexOf("--port") + 1));
    }
  }

  @Test
  void composeWaitsLongerThanAGracefulLeaveCanTake() {
    Duration bound = DeployArtifacts.shutdownBound(config);
    for (String name : nodes().keySet()) {
      Duration grace = Duration.parse("PT" + compose.path("services").path(name).path("stop_grace_period").asText()
          .toUpperCase());
      assertTrue(grace.compareTo(bound) > 0, name + ": stop_grace_period " + grace + " <= " + bound);
    }
  }

  /** Compose services that run a node: those whose container runs the image's entrypoint with FLOTILLA_* set. */
  private Map<String, Map<String, String>> nodes() {
    Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
    compose.path("services").fields().forEachRemaining(service -> {
      if (service.getValue().has("entrypoint") || !service.getValue().path("environment").isObject()) {
        return;
      }
      Map<String, String> environment = new LinkedHashMap<>();
      service.getValue().path("environment").fields()
          .forEachRemaining(variable -> environment.put(variable.getKey(), variable.getValue().asText()));
      if (environment.keySet().stream().anyMatch(name -> name.startsWith("FLOTILLA_"))) {
        nodes.put(service.getKey(), environment);
      }
    });
    return nodes;
  }

  private Set<String> services() {
    Set<String> names = new TreeSet<>();
    compose.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private String hostnameOf(String service) {
    return compose.path("services").path(service).path("hostname").asText(service);
  }

  private Set<Integer> publishedContainerPorts(String service) {
    Set<Integer> ports = new TreeSet<>();
    for (JsonNode mapping : compose.path("services").path(service).path("ports")) {
      String[] parts = mapping.asText().split(":");
      ports.add(Integer.parseInt(parts[parts.length - 1]));
    }
    return ports;
  }

  private Map<String, String> imageEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String line : instructions("ENV")) {
      Matcher matcher = ENV_LINE.matcher(line);
      while (matcher.find()) {
        environment.put(matcher.group(1), matcher.group(2));
      }
    }
    return environment;
  }

  /** The arguments of every instruction of the Dockerfile's last stage named so (continuation lines joined). */
  private List<String> instructions(String name) {
    String joined = dockerfile.replaceAll("\\\\\\s*\\n", " ");
    String lastStage = joined.substring(joined.lastIndexOf("\nFROM "));
    List<String> found = new ArrayList<>();
    for (String line : lastStage.split("\n")) {
      if (line.startsWith(name + " ")) {
        found.add(line.substring(name.length() + 1).trim());
      }
    }
    return found;
  }

  private String single(String name) {
    List<String> found = instructions(name);
    assertEquals(1, found.size(), name + " instructions: " + found);
    return found.get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private int httpPort() {
    return config.getInt("flotilla.http.port");
  }

  private int remotingPort() {
    return config.getInt("pekko.remote.artery.canonical.port");
  }

  private int managementPort() {
    return config.getInt("pekko.management.http.port");
  }

  private String readinessPath() {
    return config.getString("pekko.management.health-checks.readiness-path");
  }
}
