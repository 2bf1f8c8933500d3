package io.flotilla.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The admin token of {@code flotilla dev}: 32 random bytes made at each start, added to the configuration as the
 * hash of an admin named {@code dev}, so the embedded default requires tokens like any node.
 */
final class DevToken {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DevToken() {}

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "fl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code config} with {@code token} added to {@code flotilla.auth.tokens} as admin {@code dev}. */
  static Config withAdmin(Config config, String token) {
    List<Object> tokens = new ArrayList<>(config.getList("flotilla.auth.tokens").unwrapped());
    tokens.add(Map.of("name", "dev", "role", "admin", "sha256", sha256Hex(token)));
    return config.withValue("flotilla.auth.tokens", ConfigValueFactory.fromIterable(tokens));
  }

  private static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
