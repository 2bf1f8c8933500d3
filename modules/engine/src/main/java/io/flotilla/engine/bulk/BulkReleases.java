package io.flotilla.engine.bulk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Bulk releases, wherever in the cluster they run: creates, reads and cancels them through Cluster Sharding. A bulk
 * made with an {@code Idempotency-Key} gets its id from the key, so the same key reaches the same bulk from any
 * node; the bulk itself tells the same request from a different one.
 */
public final class BulkReleases {
  /** {@code bulk-} and 24 hex digits. */
  public static final Pattern ID = Pattern.compile("bulk-[0-9a-f]{24}");

  private final ClusterSharding sharding;
  private final BulkSettings settings;

  private BulkReleases(ClusterSharding sharding, BulkSettings settings) {
    this.sharding = sharding;
    this.settings = settings;
  }

  /** Starts the sharded bulk entities on this node (remembered: they restart elsewhere when a node is lost). */
  public static BulkReleases init(ActorSystem<?> system, EndpointAsker endpoints, Clock clock) {
    BulkSettings settings = BulkSettings.from(system.settings().config());
    ClusterSharding sharding = ClusterSharding.get(system);
    // few shards: bulks are few, and a new bulk then mostly lands in a shard that is already running, which spares
    // the acceptance path a shard allocation and a remembered-entities recovery
    sharding.init(Entity.of(BulkReleaseEntity.TYPE_KEY, entityContext -> BulkReleaseEntity.create(
            entityContext.getEntityId(), endpoints, settings, clock, entityContext.getShard()))
        .withMessageExtractor(new HashCodeMessageExtractor<>(settings.shards()))
        .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
    return new BulkReleases(sharding, settings);
  }

  public BulkSettings settings() {
    return settings;
  }

  /** A fresh bulk id. */
  public static String newId() {
    return "bulk-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /** The bulk id an {@code Idempotency-Key} stands for. */
  public static String idForKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("bulk-release\n" + key).getBytes(StandardCharsets.UTF_8));
      return "bulk-" + HexFormat.of().formatHex(digest).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Creates the bulk {@code bulkId}; {@code by} is the principal asking (its items' releases are recorded so). */
  public CompletionStage<BulkReply> create(String bulkId, BulkRequest request, String by) {
    return entity(bulkId).ask(replyTo -> new BulkCommand.Create(request, by, replyTo), settings.askTimeout());
  }

  /** The bulk's view with items from {@code offset}, at most {@code limit}, only those in {@code only} if not null. */
  public CompletionStage<BulkReply> get(String bulkId, int offset, int limit, ItemStatus only) {
    return entity(bulkId).ask(replyTo -> new BulkCommand.Get(offset, limit, only, replyTo), settings.askTimeout());
  }

  public CompletionStage<BulkReply> cancel(String bulkId, String by) {
    return entity(bulkId).ask(replyTo -> new BulkCommand.Cancel(by, replyTo), settings.askTimeout());
  }

  private EntityRef<BulkCommand> entity(String bulkId) {
    return sharding.entityRefFor(BulkReleaseEntity.TYPE_KEY, bulkId);
  }
}
