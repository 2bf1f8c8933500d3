package io.flotilla.engine.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bulk release as the API shows it: its state ({@code running}, {@code completed}, {@code stopped-by-budget},
 * {@code cancelled}, {@code rejected}, {@code validating}), whether items are still in flight ({@code finished}),
 * its limits, item counts by status, the node it runs on, and one page of items ({@code next}: offset of the
 * following page among the items shown, if any).
 */
public record BulkView(
    String id,
    String state,
    boolean finished,
    int maxConcurrent,
    int failureBudget,
    boolean allOrNothing,
    int total,
    int failures,
    Map<String, Integer> counts,
    Instant createdAt,
    Instant stoppedAt,
    Instant endedAt,
    String node,
    List<Item> items,
    int offset,
    int limit,
    Integer next) implements BulkReply {

  /**
   * One item: {@code state} as {@link ItemStatus#display()}, {@code phase} the release's phase as the endpoint last
   * reported it (e.g. {@code Provisioning} while in flight, {@code Queued}, {@code Promoted}).
   */
  public record Item(int index, String service, String version, String state, String phase, String releaseId,
      String answer, String reason, Instant startedAt, Instant endedAt) {}
}
