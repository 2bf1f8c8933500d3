package io.flotilla.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code flotilla.cluster}: where a node's seed nodes come from, and what it refuses to start with. */
class ClusterFormationTest {

  @Test
  void seedNodesFromTheVariableBecomePekkosSeedNodes() {
    ClusterFormation formation = ClusterFormation.from(config("""
        flotilla.cluster.seed-nodes = " pekko://flotilla@node1:25520, pekko://flotilla@node2:25520 "
        """));
    assertEquals(ClusterFormation.Kind.SEED_NODES, formation.kind());
    assertEquals(List.of("pekko://flotilla@node1:25520", "pekko://flotilla@node2:25520"),
        formation.applyTo(ConfigFactory.empty()).getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void seedNodesOfAConfigurationFileWinOverTheVariable() {
    ClusterFormation formation = ClusterFormation.from(config("""
        pekko.cluster.seed-nodes = ["pekko://flotilla@10.0.0.1:25520"]
        flotilla.cluster.seed-nodes = "pekko://flotilla@node1:25520"
        """));
    assertEquals(List.of("pekko://flotilla@10.0.0.1:25520"), formation.seedNodes());
  }

  @Test
  void withoutSeedNodesANodeFormsAClusterOfItsOwn() {
    assertEquals(List.of(), ClusterFormation.from(config("")).seedNodes());
  }

  @Test
  void aSeedThatIsNotAMemberAddressIsRefusedNamingTheKeyAndVariable() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClusterFormation.from(
        config("flotilla.cluster.seed-nodes = \"node1:25520\"")));
    assertTrue(refused.getMessage().startsWith("flotilla.cluster.seed-nodes (FLOTILLA_SEED_NODES): 'node1:25520'"),
        refused.getMessage());
  }

  @Test
  void anUnknownFormationIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClusterFormation.from(
        config("flotilla.cluster.formation = dns")));
    assertTrue(refused.getMessage().contains("FLOTILLA_CLUSTER_FORMATION"), refused.getMessage());
  }

  @Test
  void kubernetesFormationRefusesStaticSeedNodes() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClusterFormation.from(
        config("""
            flotilla.cluster.formation = kubernetes
            flotilla.cluster.seed-nodes = "pekko://flotilla@node1:25520"
            """)));
    assertTrue(refused.getMessage().contains("finds its members itself"), refused.getMessage());
  }

  private static Config config(String text) {
    return ConfigFactory.parseString(text).withFallback(DeployArtifacts.defaults());
  }
}
