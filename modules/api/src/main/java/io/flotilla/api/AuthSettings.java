package io.flotilla.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Authentication settings, from {@code flotilla.auth}: the mode ({@code tokens}, or {@code off} to run without
 * authentication), the bearer tokens (only their SHA-256 hashes), and the per-principal rate limit on mutating calls.
 * Tokens come from {@code tokens} (a list of {@code {name, role, teams, sha256}}), from {@code tokens-json} (the same
 * list as one JSON/HOCON string, for {@code $FLOTILLA_AUTH_TOKENS}) and from {@code admin-token-sha256}
 * ({@code $FLOTILLA_ADMIN_TOKEN_SHA256}, an admin named {@code admin}); with mutual TLS, {@code certificates} maps
 * client certificate subjects to principals. With mode {@code tokens} and no token or certificate at all the node
 * refuses to start: it never runs open by accident.
 */
public record AuthSettings(Mode mode, List<TokenEntry> tokens, List<CertificateEntry> certificates,
    double mutationsPerSecond, int burst) {
  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,99}");

  /** Whether requests must authenticate. */
  public enum Mode { TOKENS, OFF }

  /** One configured token: who it stands for and the SHA-256 (hex) of the token itself. */
  public record TokenEntry(String name, Role role, Set<String> teams, String sha256) {
    public TokenEntry {
      teams = Set.copyOf(teams);
    }

    Principal principal() {
      return new Principal(name, role, teams);
    }
  }

  /**
   * A client certificate subject (mutual TLS, {@code flotilla.http.tls}) and the principal it stands for; subjects
   * are compared as X.500 names, so spacing and case of attribute types do not matter.
   */
  public record CertificateEntry(X500Principal subject, String name, Role role, Set<String> teams) {
    public CertificateEntry {
      teams = Set.copyOf(teams);
    }

    Principal principal() {
      return new Principal(name, role, teams);
    }
  }

  public AuthSettings {
    tokens = List.copyOf(tokens);
    certificates = List.copyOf(certificates);
  }

  /**
   * Reads and checks {@code flotilla.auth}.
   *
   * @throws IllegalArgumentException naming the setting to fix, for an invalid entry or for no token in mode
   *     {@code tokens}
   */
  public static AuthSettings from(Config config) {
    Config auth = config.getConfig("flotilla.auth");
    String modeText = auth.getString("mode").trim().toLowerCase(Locale.ROOT);
    Mode mode = switch (modeText) {
      case "tokens" -> Mode.TOKENS;
      case "off" -> Mode.OFF;
      default -> throw new IllegalArgumentException("flotilla.auth.mode: '" + modeText + "' is not tokens or off");
    };
    List<TokenEntry> tokens = new ArrayList<>();
    List<? extends Config> listed = auth.getConfigList("tokens");
    for (int i = 0; i < listed.size(); i++) {
      tokens.add(entry(listed.get(i), "flotilla.auth.tokens[" + i + "]"));
    }
    String json = auth.getString("tokens-json").trim();
    if (!json.isEmpty()) {
      List<? extends Config> fromJson;
      try {
        fromJson = ConfigFactory.parseString("tokens = " + json).getConfigList("tokens");
      } catch (ConfigException e) {
        throw new IllegalArgumentException("flotilla.auth.tokens-json ($FLOTILLA_AUTH_TOKENS): not a list of "
            + "{name, role, teams, sha256} objects");
      }
      for (int i = 0; i < fromJson.size(); i++) {
        tokens.add(entry(fromJson.get(i), "flotilla.auth.tokens-json[" + i + "]"));
      }
    }
    String adminHash = auth.getString("admin-token-sha256").trim().toLowerCase(Locale.ROOT);
    if (!adminHash.isEmpty()) {
      tokens.add(new TokenEntry("admin", Role.ADMIN, Set.of(),
          hash(adminHash, "flotilla.auth.admin-token-sha256 ($FLOTILLA_ADMIN_TOKEN_SHA256)")));
    }
    checkUnique(tokens);
    List<CertificateEntry> certificates = new ArrayList<>();
    List<? extends Config> subjects = auth.getConfigList("certificates");
    for (int i = 0; i < subjects.size(); i++) {
      certificates.add(certificate(subjects.get(i), "flotilla.auth.certificates[" + i + "]"));
    }
    if (mode == Mode.TOKENS && tokens.isEmpty() && certificates.isEmpty()) {
      throw new IllegalArgumentException("flotilla.auth: no token is configured, so no request could be served. "
          + "Add {name, role, teams, sha256} entries to flotilla.auth.tokens (make a hash with "
          + "'flotilla hash-token'), or set FLOTILLA_ADMIN_TOKEN_SHA256; to run without authentication on a "
          + "trusted network set flotilla.auth.mode = off");
    }
    double perSecond = auth.getDouble("rate-limit.mutations-per-second");
    int burst = auth.getInt("rate-limit.burst");
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("flotilla.auth.rate-limit: mutations-per-second must be > 0 and burst >= 1");
    }
    return new AuthSettings(mode, tokens, certificates, perSecond, burst);
  }

  private static CertificateEntry certificate(Config entry, String where) {
    X500Principal subject;
    try {
      subject = new X500Principal(required(entry, "subject", where));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".subject: not an X.500 name like \"CN=ci,O=Example\"");
    }
    String name = required(entry, "name", where);
    Role role;
    try {
      role = Role.parse(required(entry, "role", where));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".role: " + e.getMessage());
    }
    Set<String> teams = entry.hasPath("teams") ? Set.copyOf(entry.getStringList("teams")) : Set.of();
    if (role == Role.DEPLOYER && teams.isEmpty()) {
      throw new IllegalArgumentException(where + ".teams: a deployer needs at least one team");
    }
    return new CertificateEntry(subject, name, role, teams);
  }

  private static TokenEntry entry(Config entry, String where) {
    String name = required(entry, "name", where);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(where + ".name: must be 1 to 100 letters, digits or ._@:-");
    }
    Role role;
    try {
      role = Role.parse(required(entry, "role", where));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".role: " + e.getMessage());
    }
    Set<String> teams = entry.hasPath("teams") ? Set.copyOf(entry.getStringList("teams")) : Set.of();
    if (role == Role.DEPLOYER && teams.isEmpty()) {
      throw new IllegalArgumentException(where + ".teams: a deployer needs at least one team");
    }
    return new TokenEntry(name, role, teams, hash(required(entry, "sha256", where).toLowerCase(Locale.ROOT),
        where + ".sha256"));
  }

  private static String required(Config entry, String key, String where) {
    if (!entry.hasPath(key) || entry.getString(key).isBlank()) {
      throw new IllegalArgumentException(where + "." + key + ": is required");
    }
    return entry.getString(key).trim();
  }

  private static String hash(String text, String where) {
    if (!SHA256_HEX.matcher(text).matches()) {
      // the value is not repeated: an operator may have pasted the token itself here
      throw new IllegalArgumentException(where + ": must be the SHA-256 of the token, 64 hexadecimal characters "
          + "(make it with 'flotilla hash-token'); never configure the token itself");
    }
    return text;
  }

  private static void checkUnique(List<TokenEntry> tokens) {
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (TokenEntry token : tokens) {
      if (!names.add(token.name())) {
        throw new IllegalArgumentException("flotilla.auth: two tokens are named '" + token.name() + "'");
      }
      if (!hashes.add(token.sha256())) {
        throw new IllegalArgumentException("flotilla.auth: token '" + token.name() + "' has the same hash as another");
      }
    }
  }
}
