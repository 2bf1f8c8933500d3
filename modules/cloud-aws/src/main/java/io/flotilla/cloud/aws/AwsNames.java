package io.flotilla.cloud.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic AWS names from an environment id, so a repeated create finds what exists. Target group names allow
 * only 32 letters, digits and hyphens, so they carry a readable prefix and a hash of the full id.
 */
final class AwsNames {
  private AwsNames() {}

  static String launchTemplate(String environmentId) {
    return "flotilla-" + environmentId;
  }

  static String autoScalingGroup(String environmentId) {
    return "flotilla-" + environmentId;
  }

  static String targetGroup(String environmentId) {
    String readable = environmentId.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (readable.length() > 19) {
      readable = readable.substring(0, 19).replaceAll("-+$", "");
    }
    return "fl-" + readable + "-" + hash(environmentId).substring(0, 8);
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
