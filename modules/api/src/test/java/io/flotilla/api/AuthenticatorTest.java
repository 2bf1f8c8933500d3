package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private final Authenticator authenticator = new Authenticator(List.of(
      new AuthSettings.TokenEntry("ci", Role.DEPLOYER, Set.of("payments"), Authenticator.sha256Hex("tok-ci")),
      new AuthSettings.TokenEntry("root", Role.ADMIN, Set.of(), Authenticator.sha256Hex("tok-root"))));

  @Test
  void findsThePrincipalOfAConfiguredBearerToken() {
    assertEquals(Optional.of("ci"), authenticator.authenticate("Bearer tok-ci").map(Principal::name));
    assertEquals(Optional.of(Role.ADMIN), authenticator.authenticate("bearer  tok-root ").map(Principal::role));
  }

  @Test
  void unknownMalformedAndOtherSchemesAuthenticateNobody() {
    for (String header : new String[] {null, "", "Bearer", "Bearer ", "tok-ci", "Basic dG9rLWNp", "Bearer tok-ci x",
        "Bearer tok-c", "Bearer TOK-CI"}) {
      assertEquals(Optional.empty(), authenticator.authenticate(header), String.valueOf(header));
    }
  }

  @Test
  void hashesAreTheSha256OfTheTokensUtf8Bytes() {
    // sha256("abc"), FIPS 180-2 test vector
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Authenticator.sha256Hex("abc"));
  }
}
