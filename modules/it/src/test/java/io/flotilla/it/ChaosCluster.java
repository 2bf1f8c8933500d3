package io.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.testkit.TestCassandra;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Three node processes in one cluster, each on a fixed Artery port, all three listed as seed nodes: a node killed and
 * started again on its old address joins the survivors (it lists itself last, so it never forms a cluster of its
 * own), and the survivors replace its old incarnation with the new one. Clients ask {@link #liveUrls()}, which leaves out a node from the
 * moment it is about to be killed until its successor is ready.
 */
final class ChaosCluster implements AutoCloseable {
  private final String keyspace;
  private final String extraConfig;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, NodeProcess> running = new LinkedHashMap<>();
  private final Map<String, Integer> incarnations = new LinkedHashMap<>();
  private final List<String> live = new CopyOnWriteArrayList<>();

  private ChaosCluster(String keyspace, List<String> names, String extraConfig) {
    this.keyspace = keyspace;
    this.extraConfig = extraConfig;
    for (String name : names) {
      ports.put(name, TestCassandra.freePort());
    }
  }

  /** Starts the nodes one after another (the first forms the cluster) and waits until all are Up. */
  static ChaosCluster start(String keyspace, List<String> names, String extraConfig) throws IOException {
    ChaosCluster cluster = new ChaosCluster(keyspace, names, extraConfig);
    for (String name : names) {
      cluster.startNode(name);
    }
    cluster.awaitAllUp(Duration.ofMinutes(2));
    return cluster;
  }

  List<String> names() {
    return List.copyOf(ports.keySet());
  }

  /** HTTP base URLs of the nodes clients may use now. */
  List<String> liveUrls() {
    return List.copyOf(live);
  }

  /** SIGKILL: the node leaves the clients' list first, then dies without a word to the cluster. */
  synchronized void kill(String name) throws InterruptedException {
    NodeProcess node = running.remove(name);
    live.remove(node.apiUrl());
    node.kill();
  }

  /** Starts a new process for {@code name} on the same Artery port; returns once it answers {@code /readyz}. */
  void restart(String name) throws IOException {
    startNode(name);
  }

  /** Waits until every node is a reachable {@code Up} member, as seen from each of them. */
  void awaitAllUp(Duration timeout) {
    try {
      Eventually.until(timeout, () -> liveUrls().size() == ports.size()
          && liveUrls().stream().allMatch(url -> allUp(new ApiClient(url).get("/api/v1/cluster"))),
          "all " + ports.size() + " nodes Up and reachable");
    } catch (AssertionError notUp) {
      throw new AssertionError(notUp.getMessage() + "; each node's view: " + views(), notUp);
    }
  }

  /** What each live node says about the cluster: itself, its leader, its members. */
  private String views() {
    List<String> views = new ArrayList<>();
    for (String url : liveUrls()) {
      try {
        JsonNode view = new ApiClient(url).get("/api/v1/cluster").body();
        List<String> members = new ArrayList<>();
        view.path("members").forEach(member -> members.add(member.path("address").asText() + " "
            + member.path("status").asText() + (member.path("reachable").asBoolean() ? "" : " unreachable")));
        views.add(view.path("self").asText() + " (leader " + view.path("leader").asText() + "): " + members);
      } catch (AssertionError | RuntimeException unanswered) {
        views.add(url + ": " + unanswered.getMessage());
      }
    }
    return String.join("; ", views);
  }

  /** The cluster as each live node sees it, for the report. */
  String describe() {
    return views();
  }

  private boolean allUp(ApiClient.Response view) {
    if (view.status() != 200) {
      return false;
    }
    List<String> up = new ArrayList<>();
    view.body().path("members").forEach(member -> {
      if (member.path("status").asText().equals("Up") && member.path("reachable").asBoolean()) {
        up.add(member.path("address").asText());
      }
    });
    List<String> expected = ports.values().stream().map(port -> "pekko://flotilla@127.0.0.1:" + port).toList();
    return view.body().path("members").size() == ports.size() && up.containsAll(expected);
  }

  private void startNode(String name) throws IOException {
    int incarnation;
    synchronized (this) {
      incarnation = incarnations.merge(name, 1, Integer::sum);
    }
    // generous: five builds share this machine's two cores, and a node killed mid-start would end the test
    NodeProcess node = NodeProcess.startWith("chaos-" + name + "-" + incarnation, keyspace,
        config(name, incarnation > 1), Duration.ofMinutes(3));
    synchronized (this) {
      running.put(name, node);
      live.add(node.apiUrl());
    }
  }

  /**
   * Only a node listed first in its own seed nodes may join itself (form a cluster) when no other seed answers within
   * {@code seed-node-timeout}. That is how the first node starts the cluster; a restarted first node would do the same
   * when the survivors are slow to answer (seen here on a loaded machine: a cluster of one beside the other two, both
   * running the same entities). So a restarted node lists itself last: it waits for the survivors, never alone.
   */
  private String config(String name, boolean restarted) {
    List<Integer> order = new ArrayList<>(ports.values());
    if (restarted) {
      order.remove(ports.get(name));
      order.add(ports.get(name));
    }
    String seeds = order.stream().map(port -> "\"pekko://flotilla@127.0.0.1:" + port + "\"")
        .collect(Collectors.joining(", "));
    return """
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = [%s]
        pekko.cluster.split-brain-resolver.stable-after = 5s
        """.formatted(ports.get(name), seeds) + extraConfig;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    for (NodeProcess node : running.values()) {
      node.close();
    }
    running.clear();
    live.clear();
  }
}
