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
 * started again on its old address finds the survivors (it never forms a cluster of its own), and the survivors
 * replace its old incarnation with the new one. Clients ask {@link #liveUrls()}, which leaves out a node from the
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
    cluster.awaitAllUp(Duration.ofSeconds(90));
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
    Eventually.until(timeout, () -> liveUrls().size() == ports.size()
        && liveUrls().stream().allMatch(url -> allUp(new ApiClient(url).get("/api/v1/cluster"))),
        "all " + ports.size() + " nodes Up and reachable");
  }

  /** Cluster view of one live node, for the report. */
  String describe() {
    List<String> urls = liveUrls();
    if (urls.isEmpty()) {
      return "no live node";
    }
    JsonNode view = new ApiClient(urls.get(0)).get("/api/v1/cluster").body();
    List<String> members = new ArrayList<>();
    view.path("members").forEach(member -> members.add(member.path("address").asText() + " "
        + member.path("status").asText() + (member.path("reachable").asBoolean() ? "" : " unreachable")));
    return String.join(", ", members);
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
    NodeProcess node = NodeProcess.startWith("chaos-" + name + "-" + incarnation, keyspace, config(name));
    synchronized (this) {
      running.put(name, node);
      live.add(node.apiUrl());
    }
  }

  private String config(String name) {
    String seeds = ports.values().stream().map(port -> "\"pekko://flotilla@127.0.0.1:" + port + "\"")
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
