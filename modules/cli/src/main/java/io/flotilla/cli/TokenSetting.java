package io.flotilla.cli;

import java.util.Optional;

/**
 * The bearer token the CLI sends, and where it came from (for the message when the server refuses it; the token
 * itself is never printed). Precedence: {@code --token}, then {@code FLOTILLA_TOKEN}, then {@code token:} in the
 * config file; none sends no {@code Authorization} header.
 */
record TokenSetting(Optional<String> value, String source) {
  static final String TOKEN_VARIABLE = "FLOTILLA_TOKEN";
  static final TokenSetting NONE = new TokenSetting(Optional.empty(), "none");

  static TokenSetting resolve(String flag, CliEnvironment environment) {
    if (flag != null && !flag.isBlank()) {
      return new TokenSetting(Optional.of(flag.trim()), "--token");
    }
    Optional<String> variable = environment.variable(TOKEN_VARIABLE);
    if (variable.isPresent()) {
      return new TokenSetting(variable, TOKEN_VARIABLE);
    }
    CliConfig config = CliConfig.load(environment);
    if (config.token().isPresent()) {
      return new TokenSetting(config.token(), "token: in " + config.path().orElseThrow());
    }
    return NONE;
  }

  @Override
  public String toString() {
    return "TokenSetting[source=" + source + "]";
  }
}
