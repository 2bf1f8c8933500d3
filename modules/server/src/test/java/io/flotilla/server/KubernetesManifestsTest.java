package io.flotilla.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s: the manifests agree with the node's configuration: Cluster Bootstrap's pod label selector and port name,
 * the RBAC it needs, probes on management's paths, ports, the variables set, and time enough for a graceful leave.
 */
class KubernetesManifestsTest {
  private final Config config = DeployArtifacts.defaults();
  private final JsonNode deployment = DeployArtifacts.manifest("Deployment");
  private final JsonNode pod = deployment.path("spec").path("template");
  private final JsonNode container = pod.path("spec").path("containers").path(0);
  private final Map<String, String> environment = environment();

  @Test
  void everyVariableSetIsOneTheConfigurationReads() {
    Set<String> read = DeployArtifacts.variablesRead();
    Set<String> unknown = new TreeSet<>(environment.keySet());
    unknown.removeIf(name -> !name.startsWith("FLOTILLA_") || read.contains(name));
    assertTrue(unknown.isEmpty(), "set but never read: " + unknown + " (read: " + read + ")");
  }

  @Test
  void podsFormTheirClusterThroughTheKubernetesApiAtThePodsAddress() {
    assertEquals("kubernetes", environment.get("FLOTILLA_CLUSTER_FORMATION"));
    assertEquals("kubernetes-api",
        config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    for (String variable : List.of("FLOTILLA_REMOTING_HOST", "FLOTILLA_MANAGEMENT_HOST")) {
      assertEquals("$(POD_IP)", environment.get(variable), variable);
    }
    JsonNode podIp = variable("POD_IP");
    assertEquals("status.podIP", podIp.path("valueFrom").path("fieldRef").path("fieldPath").asText());
    assertEquals("0.0.0.0", environment.get("FLOTILLA_HTTP_HOST"));
    assertEquals("off", environment.get("FLOTILLA_EMBEDDED_CASSANDRA"));
    assertTrue(environment.containsKey("FLOTILLA_CASSANDRA"), "names the Cassandra to use");
    int required = Integer.parseInt(environment.getOrDefault("FLOTILLA_BOOTSTRAP_REQUIRED_CONTACTS",
        config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr")));
    assertTrue(required <= deployment.path("spec").path("replicas").asInt(),
        required + " contact points required, more than the replicas");
  }

  @Test
  void theDiscoveryLabelSelectorMatchesThePodLabels() {
    String serviceName = environment.getOrDefault("FLOTILLA_BOOTSTRAP_SERVICE_NAME",
        config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name"));
    String selector = config.getString("pekko.discovery.kubernetes-api.pod-label-selector").formatted(serviceName);
    for (String term : selector.split(",")) {
      String[] labelAndValue = term.split("=", 2);
      assertEquals(labelAndValue[1], pod.path("metadata").path("labels").path(labelAndValue[0]).asText(null),
          "pod label " + labelAndValue[0] + " (selector " + selector + ")");
    }
  }

  @Test
  void containerPortsAreTheConfiguredOnesUnderTheNamesDiscoveryAndTheServiceUse() {
    Map<String, Integer> ports = containerPorts();
    int management = config.getInt("pekko.management.http.port");
    String portName = config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name");
    assertEquals(management, ports.get(portName), "the port named " + portName);
    assertEquals(String.valueOf(management), environment.getOrDefault("FLOTILLA_MANAGEMENT_PORT", "" + management));
    int remoting = config.getInt("pekko.remote.artery.canonical.port");
    assertTrue(ports.containsValue(remoting), "remoting port " + remoting + " in " + ports);
    assertEquals(String.valueOf(remoting), environment.getOrDefault("FLOTILLA_REMOTING_PORT", "" + remoting));
    int http = config.getInt("flotilla.http.port");
    assertEquals(String.valueOf(http), environment.getOrDefault("FLOTILLA_HTTP_PORT", "" + http));
    JsonNode service = DeployArtifacts.manifest("Service");
    assertEquals(http, port(service.path("spec").path("ports").path(0).path("targetPort")), "the API Service");
    assertEquals(pod.path("metadata").path("labels").path("app").asText(),
        service.path("spec").path("selector").path("app").asText());
  }

  @Test
  void probesAskManagementWhetherTheNodeIsReadyAndAlive() {
    int management = config.getInt("pekko.management.http.port");
    String ready = "/" + config.getString("pekko.management.health-checks.readiness-path");
    String alive = "/" + config.getString("pekko.management.health-checks.liveness-path");
    Map<String, String> expected = Map.of("readinessProbe", ready, "livenessProbe", alive, "startupProbe", alive);
    expected.forEach((probe, path) -> {
      JsonNode get = container.path(probe).path("httpGet");
      assertEquals(path, get.path("path").asText(), probe);
      assertEquals(management, port(get.path("port")), probe);
    });
  }

  @Test
  void theRoleLetsThePodsServiceAccountGetWatchAndListPods() {
    JsonNode account = DeployArtifacts.manifest("ServiceAccount");
    JsonNode role = DeployArtifacts.manifest("Role");
    JsonNode binding = DeployArtifacts.manifest("RoleBinding");
    String accountName = account.path("metadata").path("name").asText();
    assertEquals(accountName, pod.path("spec").path("serviceAccountName").asText());
    Set<String> verbs = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      if (texts(rule.path("apiGroups")).contains("") && texts(rule.path("resources")).contains("pods")) {
        verbs.addAll(texts(rule.path("verbs")));
      }
    }
    assertTrue(verbs.containsAll(List.of("get", "watch", "list")), "verbs on pods: " + verbs);
    assertEquals("Role", binding.path("roleRef").path("kind").asText());
    assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
    boolean bound = false;
    for (JsonNode subject : binding.path("subjects")) {
      bound |= subject.path("kind").asText().equals("ServiceAccount")
          && subject.path("name").asText().equals(accountName)
          && subject.path("namespace").asText().equals(deployment.path("metadata").path("namespace").asText());
    }
    assertTrue(bound, "the binding names the service account " + accountName);
    assertEquals(deployment.path("metadata").path("namespace").asText(), role.path("metadata").path("namespace").asText());
  }

  @Test
  void podsGetLongerToLeaveThanCoordinatedShutdownCanTake() {
    Duration bound = DeployArtifacts.shutdownBound(config);
    Duration preStop = Duration.ZERO;
    List<String> command = texts(container.path("lifecycle").path("preStop").path("exec").path("command"));
    if (command.size() == 2 && command.get(0).equals("sleep")) {
      preStop = Duration.ofSeconds(Long.parseLong(command.get(1)));
    }
    Duration grace = Duration.ofSeconds(pod.path("spec").path("terminationGracePeriodSeconds").asLong(30));
    assertTrue(grace.compareTo(bound.plus(preStop)) > 0,
        "terminationGracePeriodSeconds " + grace + " <= preStop " + preStop + " + coordinated shutdown " + bound);
  }

  @Test
  void theConfigurationFileAndTheTokensSecretAreMounted() {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      mounts.put(mount.path("name").asText(), mount.path("mountPath").asText());
    }
    Map<String, JsonNode> volumes = new LinkedHashMap<>();
    pod.path("spec").path("volumes").forEach(volume -> volumes.put(volume.path("name").asText(), volume));
    JsonNode configMap = DeployArtifacts.manifest("ConfigMap");
    JsonNode secret = DeployArtifacts.manifest("Secret");
    String configVolume = volumeOf(volumes, "configMap", configMap.path("metadata").path("name").asText());
    String secretVolume = volumeOf(volumes, "secret", secret.path("metadata").path("name").asText());
    assertTrue(mounts.containsKey(secretVolume), "the tokens Secret is mounted");
    List<String> args = texts(container.path("args"));
    String file = args.get(args.indexOf("--config") + 1);
    String directory = mounts.get(configVolume);
    assertTrue(file.startsWith(directory + "/"), file + " is in the ConfigMap's mount " + directory);
    assertTrue(configMap.path("data").has(file.substring(directory.length() + 1)), "the ConfigMap holds " + file);
  }

  private static String volumeOf(Map<String, JsonNode> volumes, String kind, String name) {
    String field = kind.equals("secret") ? "secretName" : "name";
    return volumes.entrySet().stream()
        .filter(volume -> volume.getValue().path(kind).path(field).asText().equals(name))
        .map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("no volume from the " + kind + " " + name));
  }

  private Map<String, String> environment() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      variables.put(variable.path("name").asText(), variable.path("value").asText(null));
    }
    return variables;
  }

  private JsonNode variable(String name) {
    for (JsonNode variable : container.path("env")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    throw new AssertionError("no variable " + name);
  }

  private Map<String, Integer> containerPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (JsonNode port : container.path("ports")) {
      ports.put(port.path("name").asText(), port.path("containerPort").asInt());
    }
    return ports;
  }

  /** A port given by number or by the container port's name. */
  private int port(JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    Integer named = containerPorts().get(port.asText());
    if (named == null) {
      throw new AssertionError("no container port named " + port.asText());
    }
    return named;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
