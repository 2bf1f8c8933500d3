package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.endpoint.EndpointEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /cluster}: the cluster as the answering node sees it — the members with their status and roles, the
 * unreachable ones, the leader, and per member the shards and entities of each sharded entity type it hosts (from
 * Cluster Sharding's statistics, which ask every region). Shards that do not answer within
 * {@code flotilla.api.cluster-stats-timeout} are left out of the counts and listed in {@code failedShards}.
 */
public final class ClusterRoutes {
  private static final List<EntityTypeKey<?>> ENTITY_TYPES = List.of(EndpointEntity.TYPE_KEY);

  private final ActorSystem<?> system;
  private final ApiJson json;
  private final Duration statsTimeout;

  public ClusterRoutes(ActorSystem<?> system, ApiJson json) {
    this.system = system;
    this.json = json;
    this.statsTimeout = system.settings().config().getDuration("flotilla.api.cluster-stats-timeout");
  }

  public Route route() {
    return path("cluster", () -> get(() -> QueryParameters.none(() -> onSuccess(view(),
        body -> complete(json.response(StatusCodes.OK, body))))));
  }

  private CompletionStage<ObjectNode> view() {
    Map<String, CompletableFuture<ShardRegion.ClusterShardingStats>> stats = new LinkedHashMap<>();
    ENTITY_TYPES.forEach(type -> stats.put(type.name(), stats(type).toCompletableFuture()));
    return CompletableFuture.allOf(stats.values().toArray(CompletableFuture[]::new)).thenApply(all -> {
      Map<String, ShardRegion.ClusterShardingStats> answered = new LinkedHashMap<>();
      stats.forEach((type, future) -> answered.put(type, future.join()));
      return body(Cluster.get(system).state(), answered);
    });
  }

  private CompletionStage<ShardRegion.ClusterShardingStats> stats(EntityTypeKey<?> type) {
    return AskPattern.ask(ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(type, statsTimeout, replyTo),
        statsTimeout.plusSeconds(2), system.scheduler());
  }

  private ObjectNode body(ClusterEvent.CurrentClusterState state, Map<String, ShardRegion.ClusterShardingStats> stats) {
    Address self = Cluster.get(system).selfMember().address();
    Set<Member> unreachable = state.getUnreachable();
    ObjectNode body = json.object();
    body.put("self", self.toString());
    body.put("leader", state.getLeader() == null ? null : state.getLeader().toString());
    ArrayNode members = body.putArray("members");
    for (Member member : state.getMembers()) {
      ObjectNode node = member(members.addObject(), member);
      node.put("reachable", !unreachable.contains(member));
      node.put("self", member.address().equals(self));
      if (member.address().equals(self)) {
        node.put("startedAt", Instant.ofEpochMilli(system.startTime()).toString());
      }
      ObjectNode sharding = node.putObject("sharding");
      stats.forEach((type, answer) -> {
        ShardRegion.ShardRegionStats region = answer.getRegions().get(member.address());
        ObjectNode counts = sharding.putObject(type);
        counts.put("shards", region == null ? 0 : region.getStats().size());
        counts.put("entities", region == null ? 0 : entities(region));
      });
    }
    ArrayNode unreachableMembers = body.putArray("unreachable");
    unreachable.forEach(member -> member(unreachableMembers.addObject(), member));
    ObjectNode totals = body.putObject("sharding");
    stats.forEach((type, answer) -> {
      ObjectNode total = totals.putObject(type);
      total.put("regions", answer.getRegions().size());
      total.put("shards", answer.getRegions().values().stream().mapToInt(region -> region.getStats().size()).sum());
      total.put("entities", answer.getRegions().values().stream().mapToInt(ClusterRoutes::entities).sum());
      ArrayNode failed = total.putArray("failedShards");
      answer.getRegions().values().stream().flatMap(region -> region.getFailed().stream()).sorted()
          .forEach(failed::add);
    });
    return body;
  }

  private static ObjectNode member(ObjectNode node, Member member) {
    node.put("address", member.address().toString());
    node.put("status", member.status().toString());
    node.put("dataCenter", member.dataCenter());
    ArrayNode roles = node.putArray("roles");
    // the data-center role Pekko adds is shown as dataCenter
    member.getRoles().stream().filter(role -> !role.startsWith("dc-")).sorted().forEach(roles::add);
    return node;
  }

  private static int entities(ShardRegion.ShardRegionStats region) {
    return region.getStats().values().stream().mapToInt(count -> ((Number) count).intValue()).sum();
  }
}
