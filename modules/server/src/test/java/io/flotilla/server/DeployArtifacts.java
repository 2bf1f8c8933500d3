package io.flotilla.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * What the deployment artifacts are checked against: the node's configuration as shipped (application.conf and every
 * reference.conf, no environment), the environment variables it reads, and the artifacts themselves, parsed.
 */
final class DeployArtifacts {
  /** The files whose {@code ${?FLOTILLA_X}} (HOCON) or {@code ${FLOTILLA_X:-default}} (logback) a node reads. */
  private static final List<String> CONFIG_FILES = List.of("application.conf", "cluster.conf", "management.conf",
      "http.conf", "cloud.conf", "persistence.conf", "flotilla-persistence.conf", "logback.xml");
  private static final Pattern HOCON_VARIABLE = Pattern.compile("\\$\\{\\?(FLOTILLA_[A-Z0-9_]+)}");
  private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{(FLOTILLA_[A-Z0-9_]+)(:-[^}]*)?}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeployArtifacts() {}

  /** The repository's root (the directory holding deploy/), searched upwards from the working directory. */
  static Path root() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.isDirectory(directory.resolve("deploy/k8s"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException("no deploy/k8s above " + Path.of("").toAbsolutePath());
    }
    return directory;
  }

  /** The node's configuration with nothing from the environment: the defaults the artifacts must agree with. */
  static Config defaults() {
    return ConfigFactory.parseResources("application.conf")
        .withFallback(ConfigFactory.defaultReference())
        .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
  }

  /** Every {@code FLOTILLA_*} environment variable the configuration reads. */
  static Set<String> variablesRead() {
    Set<String> names = new TreeSet<>();
    List<URL> sources = new ArrayList<>();
    ClassLoader loader = DeployArtifacts.class.getClassLoader();
    try {
      for (String file : CONFIG_FILES) {
        URL url = loader.getResource(file);
        if (url == null) {
          throw new IllegalStateException(file + " is not on the classpath");
        }
        sources.add(url);
      }
      sources.addAll(Collections.list(loader.getResources("reference.conf")));
      for (URL source : sources) {
        try (InputStream in = source.openStream()) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          Matcher hocon = HOCON_VARIABLE.matcher(text);
          while (hocon.find()) {
            names.add(hocon.group(1));
          }
          Matcher logback = LOGBACK_VARIABLE.matcher(text);
          while (logback.find()) {
            names.add(logback.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** The longest coordinated shutdown can take: every phase at its bound (its own timeout, else the default). */
  static Duration shutdownBound(Config config) {
    Config shutdown = config.getConfig("pekko.coordinated-shutdown");
    Duration fallback = shutdown.getDuration("default-phase-timeout");
    ConfigObject phases = shutdown.getObject("phases");
    Duration total = Duration.ZERO;
    for (String phase : phases.keySet()) {
      Config settings = phases.toConfig().getConfig("\"" + phase + "\"");
      total = total.plus(settings.hasPath("timeout") ? settings.getDuration("timeout") : fallback);
    }
    return total;
  }

  static String text(String relative) {
    try {
      return Files.readString(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every document of a YAML file (Kubernetes files hold several, separated by {@code ---}). Read with SnakeYAML, which
   * resolves Compose's merge keys ({@code <<: *anchor}); Jackson's YAML parser would keep {@code <<} as a field.
   */
  static List<JsonNode> yaml(String relative) {
    try {
      List<JsonNode> documents = new ArrayList<>();
      for (Object document : new Yaml().loadAll(Files.readString(root().resolve(relative)))) {
        if (document != null) {
          documents.add(JSON.valueToTree(document));
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one document of kind {@code kind} among the Kubernetes manifests listed in kustomization.yaml. */
  static JsonNode manifest(String kind) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode resource : yaml("deploy/k8s/kustomization.yaml").get(0).path("resources")) {
      for (JsonNode document : yaml("deploy/k8s/" + resource.asText())) {
        if (document.path("kind").asText().equals(kind)) {
          found.add(document);
        }
      }
    }
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " in deploy/k8s, found " + found.size());
    }
    return found.get(0);
  }
}
