package io.flotilla.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the principal of a bearer token: hashes the presented token with SHA-256 and compares the hash with every
 * configured one in constant time (every entry is compared, so timing does not tell which one nearly matched). The
 * token itself is never kept, logged or echoed.
 */
final class Authenticator {
  private final List<Entry> entries;

  private record Entry(byte[] sha256, Principal principal) {}

  Authenticator(List<AuthSettings.TokenEntry> tokens) {
    this.entries = tokens.stream()
        .map(token -> new Entry(HexFormat.of().parseHex(token.sha256()), token.principal())).toList();
  }

  /** The principal an {@code Authorization} header value names, if it is {@code Bearer <a configured token>}. */
  Optional<Principal> authenticate(String authorization) {
    Optional<String> token = bearerToken(authorization);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = sha256(token.get());
    Principal found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), presented) && found == null) {
        found = entry.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The token of a {@code Bearer} header value (scheme case-insensitive), or empty when it is not one. */
  static Optional<String> bearerToken(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    if (space <= 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      return Optional.empty();
    }
    String token = value.substring(space + 1).trim();
    return token.isEmpty() || token.contains(" ") ? Optional.empty() : Optional.of(token);
  }

  /** The SHA-256 of a token's UTF-8 bytes, as configured in {@code flotilla.auth}: 64 lowercase hex characters. */
  static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
