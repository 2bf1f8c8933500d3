package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.SpecDocuments;
import io.flotilla.model.SpecValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CLI's configuration file, YAML: {@code $FLOTILLA_CONFIG}, else {@code $XDG_CONFIG_HOME/flotilla/config.yaml},
 * else {@code ~/.config/flotilla/config.yaml}. It holds {@code server: URL} and {@code token: TOKEN} (the bearer token;
 * keep the file readable only by you). Keys this version does not know are ignored, so that one file can serve older
 * and newer CLIs.
 */
record CliConfig(Optional<Path> path, Optional<String> server, Optional<String> token) {
  static final String CONFIG_VARIABLE = "FLOTILLA_CONFIG";

  static final CliConfig NONE = new CliConfig(Optional.empty(), Optional.empty(), Optional.empty());

  /** The file the environment points at; a missing default file is no configuration, a missing named one an error. */
  static CliConfig load(CliEnvironment environment) {
    Optional<String> named = environment.variable(CONFIG_VARIABLE);
    Path path = named.map(Path::of).orElseGet(() -> defaultPath(environment));
    try {
      return parse(path, Files.readString(path));
    } catch (NoSuchFileException e) {
      if (named.isPresent()) {
        throw new CliException("config file " + path + " (from " + CONFIG_VARIABLE + ") does not exist");
      }
      return NONE;
    } catch (IOException e) {
      throw new CliException("cannot read config file " + path + ": " + e.getMessage());
    }
  }

  static Path defaultPath(CliEnvironment environment) {
    Path base = environment.variable("XDG_CONFIG_HOME").map(Path::of)
        .orElseGet(() -> environment.home().resolve(".config"));
    return base.resolve("flotilla").resolve("config.yaml");
  }

  static CliConfig parse(Path path, String text) {
    if (text.isBlank()) {
      return new CliConfig(Optional.of(path), Optional.empty(), Optional.empty());
    }
    JsonNode document;
    try {
      document = SpecDocuments.parse(text, true);
    } catch (SpecValidationException e) {
      throw new CliException("config file " + path + ": " + e.getMessage().replaceFirst("^\\$: ", ""));
    }
    if (!document.isObject()) {
      throw new CliException("config file " + path + ": must be a mapping of settings, e.g. 'server: http://host:8080'");
    }
    JsonNode server = document.path("server");
    if (!server.isMissingNode() && !server.isNull() && !server.isTextual()) {
      throw new CliException("config file " + path + ": server: must be a URL like http://flotilla.example.com:8080");
    }
    JsonNode token = document.path("token");
    if (!token.isMissingNode() && !token.isNull() && !token.isTextual()) {
      // the value is not shown: it is a secret
      throw new CliException("config file " + path + ": token: must be a string (the bearer token)");
    }
    return new CliConfig(Optional.of(path), Optional.ofNullable(server.textValue())
        .map(String::trim).filter(value -> !value.isEmpty()),
        Optional.ofNullable(token.textValue()).map(String::trim).filter(value -> !value.isEmpty()));
  }
}
