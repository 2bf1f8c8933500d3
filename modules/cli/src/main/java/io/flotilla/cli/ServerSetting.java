package io.flotilla.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Which server the CLI talks to, and where that choice came from (so that an unreachable server's message can say
 * which setting to fix). Precedence: {@code --server}, then {@code FLOTILLA_SERVER}, then {@code server:} in the
 * config file, then {@link #DEFAULT_URL}.
 */
record ServerSetting(String url, String source) {
  static final String DEFAULT_URL = "http://localhost:8080";
  static final String SERVER_VARIABLE = "FLOTILLA_SERVER";

  static ServerSetting resolve(String flag, CliEnvironment environment) {
    if (flag != null && !flag.isBlank()) {
      return of(flag, "--server");
    }
    Optional<String> variable = environment.variable(SERVER_VARIABLE);
    if (variable.isPresent()) {
      return of(variable.get(), SERVER_VARIABLE);
    }
    CliConfig config = CliConfig.load(environment);
    if (config.server().isPresent()) {
      return of(config.server().get(), "server: in " + config.path().orElseThrow());
    }
    return new ServerSetting(DEFAULT_URL, "the default");
  }

  /** A URL as the user wrote it, checked; {@code host:port} alone means {@code http://host:port}. */
  static ServerSetting of(String text, String source) {
    String trimmed = text.trim();
    String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
    try {
      URI uri = new URI(withScheme);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new CliException(invalid(text, source));
      }
    } catch (URISyntaxException e) {
      throw new CliException(invalid(text, source));
    }
    return new ServerSetting(withScheme.replaceAll("/+$", ""), source);
  }

  private static String invalid(String text, String source) {
    return "invalid server URL '" + text + "' (from " + source + "); expected e.g. http://localhost:8080";
  }
}
