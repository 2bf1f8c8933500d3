package io.flotilla.engine.bulk;

import com.typesafe.config.Config;
import java.time.Duration;

/** Limits and timing of bulk releases, from {@code flotilla.bulk} in configuration. */
public record BulkSettings(
    int maxItems,
    int maxConcurrentLimit,
    int defaultMaxConcurrent,
    int defaultFailureBudget,
    Duration pollInterval,
    int pollBatch,
    int askParallelism,
    int answerBatch,
    Duration answerWindow,
    Duration askTimeout,
    Duration passivateAfter,
    int snapshotEvery,
    int shards) {

  public static BulkSettings from(Config config) {
    Config bulk = config.getConfig("flotilla.bulk");
    return new BulkSettings(
        bulk.getInt("max-items"),
        bulk.getInt("max-concurrent-limit"),
        bulk.getInt("default-max-concurrent"),
        bulk.getInt("default-failure-budget"),
        bulk.getDuration("poll-interval"),
        bulk.getInt("poll-batch"),
        bulk.getInt("ask-parallelism"),
        bulk.getInt("answer-batch"),
        bulk.getDuration("answer-window"),
        config.getDuration("flotilla.engine.ask-timeout"),
        bulk.getDuration("passivate-after"),
        bulk.getInt("snapshot-every"),
        bulk.getInt("shards"));
  }
}
