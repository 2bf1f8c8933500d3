package io.flotilla.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flotilla hash-token}: the SHA-256 of a token as the server's {@code flotilla.auth} takes it. Reads the
 * token from standard input (so it stays out of the shell history and the process list), or with
 * {@code --generate} makes a new random one and prints both. Needs no server.
 */
@Command(name = "hash-token",
    description = {"Print the SHA-256 of a bearer token, for flotilla.auth.tokens on the server.",
        "Reads the token from standard input; --generate makes a new random token and prints it with its hash."})
final class HashTokenCommand implements Callable<Integer> {
  @Option(names = "--generate", description = "make a new random token (32 bytes) and print 'token:' and 'sha256:'")
  boolean generate;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (generate) {
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = "fl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      spec.commandLine().getOut().println("token: " + token);
      spec.commandLine().getOut().println("sha256: " + sha256Hex(token));
      return 0;
    }
    String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (token == null || token.isBlank()) {
      throw new CliException("hash-token: give the token on standard input, e.g. printf '%s' \"$TOKEN\" | flotilla "
          + "hash-token, or use --generate");
    }
    spec.commandLine().getOut().println(sha256Hex(token.trim()));
    return 0;
  }

  static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
