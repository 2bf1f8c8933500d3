package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {
  private static final String HASH = Authenticator.sha256Hex("a-long-random-token");

  private static Config config(String auth) {
    return ConfigFactory.parseString(auth).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void readsTokensWithRolesAndTeams() {
    AuthSettings settings = AuthSettings.from(config("""
        flotilla.auth.tokens = [
          {name = ci, role = deployer, teams = [payments, search], sha256 = "%s"},
          {name = ops, role = viewer, sha256 = "%s"}]
        """.formatted(HASH, Authenticator.sha256Hex("other"))));
    assertEquals(AuthSettings.Mode.TOKENS, settings.mode());
    assertEquals(2, settings.tokens().size());
    assertEquals(new Principal("ci", Role.DEPLOYER, Set.of("payments", "search")),
        settings.tokens().get(0).principal());
    assertEquals(Role.VIEWER, settings.tokens().get(1).role());
  }

  @Test
  void refusesToRunOpenWhenNoTokenIsConfigured() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> AuthSettings.from(config("")));
    assertTrue(failure.getMessage().contains("no token is configured"), failure.getMessage());
    assertTrue(failure.getMessage().contains("flotilla.auth.mode = off"), failure.getMessage());
  }

  @Test
  void modeOffNeedsNoToken() {
    assertEquals(AuthSettings.Mode.OFF, AuthSettings.from(config("flotilla.auth.mode = off")).mode());
  }

  @Test
  void addsAnAdminFromItsHashAndTokensFromAJsonString() {
    AuthSettings settings = AuthSettings.from(config("""
        flotilla.auth.admin-token-sha256 = "%s"
        flotilla.auth.tokens-json = "[{\\"name\\": \\"bot\\", \\"role\\": \\"viewer\\", \\"sha256\\": \\"%s\\"}]"
        """.formatted(HASH.toUpperCase(), Authenticator.sha256Hex("bot-token"))));
    assertEquals(Set.of("admin", "bot"), Set.copyOf(settings.tokens().stream().map(AuthSettings.TokenEntry::name)
        .toList()));
    assertEquals(HASH, settings.tokens().stream().filter(t -> t.name().equals("admin")).findFirst().orElseThrow()
        .sha256());
  }

  @Test
  void aTokenInPlaceOfItsHashIsRefusedWithoutEchoingIt() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> AuthSettings.from(config(
        "flotilla.auth.tokens = [{name = ci, role = admin, sha256 = \"plain-secret-token\"}]")));
    assertTrue(failure.getMessage().startsWith("flotilla.auth.tokens[0].sha256: "), failure.getMessage());
    assertFalse(failure.getMessage().contains("plain-secret-token"), failure.getMessage());
  }

  @Test
  void aDeployerNeedsATeamAndRolesAreKnown() {
    IllegalArgumentException noTeam = assertThrows(IllegalArgumentException.class, () -> AuthSettings.from(config(
        "flotilla.auth.tokens = [{name = ci, role = deployer, sha256 = \"" + HASH + "\"}]")));
    assertTrue(noTeam.getMessage().startsWith("flotilla.auth.tokens[0].teams: "), noTeam.getMessage());
    IllegalArgumentException badRole = assertThrows(IllegalArgumentException.class, () -> AuthSettings.from(config(
        "flotilla.auth.tokens = [{name = ci, role = root, sha256 = \"" + HASH + "\"}]")));
    assertTrue(badRole.getMessage().startsWith("flotilla.auth.tokens[0].role: unknown role 'root'"),
        badRole.getMessage());
  }

  @Test
  void namesAndHashesAreUnique() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> AuthSettings.from(config("""
        flotilla.auth.tokens = [{name = a, role = admin, sha256 = "%s"}, {name = b, role = viewer, sha256 = "%s"}]
        """.formatted(HASH, HASH))));
    assertTrue(failure.getMessage().contains("same hash"), failure.getMessage());
  }

  @Test
  void certificateSubjectsCountAsCredentialsAndCompareAsX500Names() {
    AuthSettings settings = AuthSettings.from(config("""
        flotilla.auth.certificates = [{subject = "CN=ci, O=Example", name = ci, role = deployer, teams = [payments]}]
        """));
    assertEquals(0, settings.tokens().size());
    assertEquals(new javax.security.auth.x500.X500Principal("cn=ci,o=Example"),
        settings.certificates().get(0).subject());
    IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> AuthSettings.from(config(
        "flotilla.auth.certificates = [{subject = \"not a name\", name = ci, role = admin}]")));
    assertTrue(invalid.getMessage().startsWith("flotilla.auth.certificates[0].subject: "), invalid.getMessage());
  }
}
