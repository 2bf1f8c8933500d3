package io.flotilla.engine.sweeper;

import io.flotilla.cloud.EnvironmentPort;
import io.flotilla.engine.sweeper.SweepReport.Action;
import io.flotilla.engine.sweeper.SweepReport.Finding;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The acting half of a sweep: deletes the orphans that are due through the environment port (idempotent; the AWS
 * adapter sends deletes at DELETE priority, behind rollbacks, shifts and creates), at most {@code parallelism} at
 * once, and reports each one as deleted or failed. It never fails as a whole.
 */
final class OrphanCollector {
  private final EnvironmentPort environments;
  private final int parallelism;
  private final Duration timeout;
  private final ActorSystem<?> system;

  OrphanCollector(EnvironmentPort environments, int parallelism, Duration timeout, ActorSystem<?> system) {
    this.environments = environments;
    this.parallelism = parallelism;
    this.timeout = timeout;
    this.system = system;
  }

  CompletionStage<List<Finding>> delete(List<Orphan> due) {
    return Source.from(due)
        .mapAsync(parallelism, orphan -> OrphanSearch.bounded(
                () -> environments.delete(orphan.placement(), orphan.environmentId()), timeout)
            .handle((done, error) -> error == null ? orphan.finding(Action.DELETED)
                : orphan.failed(OrphanSearch.describe(error))))
        .runWith(Sink.seq(), system);
  }
}
