package io.flotilla.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/**
 * How a node becomes a cluster member ({@code flotilla.cluster}): static seed nodes, from the configuration file or
 * from {@code FLOTILLA_SEED_NODES} (a local cluster, Docker Compose), or Cluster Bootstrap, which finds the other pods
 * through the Kubernetes API and forms or joins their cluster. With neither, the node forms a cluster of its own.
 */
record ClusterFormation(Kind kind, List<String> seedNodes) {
  static final String FORMATION = "flotilla.cluster.formation";
  static final String SEED_NODES = "flotilla.cluster.seed-nodes";

  enum Kind { SEED_NODES, KUBERNETES }

  /** Reads and checks {@code flotilla.cluster}; a bad value fails the start naming the key and its variable. */
  static ClusterFormation from(Config config) {
    String formation = config.getString(FORMATION);
    Kind kind = switch (formation) {
      case "seed-nodes" -> Kind.SEED_NODES;
      case "kubernetes" -> Kind.KUBERNETES;
      default -> throw new IllegalArgumentException(FORMATION + " (FLOTILLA_CLUSTER_FORMATION): unknown formation '"
          + formation + "' (expected seed-nodes or kubernetes)");
    };
    List<String> seedNodes = config.getStringList("pekko.cluster.seed-nodes");
    if (seedNodes.isEmpty()) {
      seedNodes = Arrays.stream(config.getString(SEED_NODES).split(","))
          .map(String::trim)
          .filter(address -> !address.isEmpty())
          .toList();
    }
    for (String address : seedNodes) {
      check(address);
    }
    if (kind == Kind.KUBERNETES && !seedNodes.isEmpty()) {
      throw new IllegalArgumentException(FORMATION + " = kubernetes finds its members itself: leave "
          + SEED_NODES + " (FLOTILLA_SEED_NODES) and pekko.cluster.seed-nodes empty");
    }
    return new ClusterFormation(kind, seedNodes);
  }

  /** {@code config} with the seed nodes Pekko joins by itself when the actor system starts. */
  Config applyTo(Config config) {
    return config.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes));
  }

  /** Starts what the seed nodes do not: Cluster Bootstrap (Pekko Management must be up), or a cluster of one. */
  void join(ActorSystem<?> system) {
    if (kind == Kind.KUBERNETES) {
      ClusterBootstrap.get(system).start();
    } else if (seedNodes.isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  private static void check(String address) {
    Address parsed;
    try {
      parsed = AddressFromURIString.parse(address);
    } catch (Exception e) {
      // Scala throws java.net.MalformedURLException although Java cannot see it declared
      throw notAnAddress(address);
    }
    if (parsed.host().isEmpty() || parsed.port().isEmpty()) {
      throw notAnAddress(address);
    }
  }

  private static IllegalArgumentException notAnAddress(String address) {
    return new IllegalArgumentException(SEED_NODES + " (FLOTILLA_SEED_NODES): '" + address
        + "' is not a member address like pekko://flotilla@127.0.0.1:25520");
  }
}
