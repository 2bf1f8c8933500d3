package io.flotilla.engine.children;

import io.flotilla.cloud.AlarmPort;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.MetricsPort;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.analysis.Comparison;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointCommand.AnalysisReport;
import io.flotilla.judge.JudgeSettings;
import io.flotilla.judge.Judgement;
import io.flotilla.model.AnalysisPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * While a canary and its baseline both serve traffic: after {@code analysis.warmup}, every
 * {@code analysis.interval}, reads both environments' metrics since the warmup ended (cumulative, which the judge's
 * error test relies on) and the release's alarms, judges them and reports an {@link AnalysisReport}. A failing
 * metrics source is reported as such (the judge's ERROR), never as a bad version.
 */
public final class VersionComparator {
  /** What to compare: the release, its endpoint, baseline and canary environment, policy, and since when. */
  public record Target(String releaseId, EndpointRef endpoint, String baselineId, String canaryId,
      AnalysisPolicy policy, Instant since) {}

  private sealed interface Message {}

  private enum Tick implements Message { INSTANCE }

  private record Measured(Instant from, Instant to, Map<String, EnvironmentMetrics> metrics, Throwable metricsError,
      Map<String, AlarmState> alarms, Throwable alarmsError) {}

  private record Judged(AnalysisReport report) implements Message {}

  private VersionComparator() {}

  public static Behavior<Void> create(Target target, MetricsPort metrics, AlarmPort alarms, JudgeSettings judge,
      ActorRef<EndpointCommand> parent, EngineSettings settings, Clock clock) {
    return Behaviors.<Message>setup(context -> Behaviors.withTimers(timers -> {
      AnalysisPolicy policy = target.policy();
      Instant windowStart = target.since().plus(policy.warmup());
      Duration untilFirst = Duration.between(clock.instant(), windowStart.plus(policy.interval()));
      timers.startTimerAtFixedRate(Tick.INSTANCE, untilFirst.isNegative() ? Duration.ZERO : untilFirst,
          policy.interval());
      boolean[] measuring = {false};
      Executor judging = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      return Behaviors.receive(Message.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            if (!measuring[0]) {
              measuring[0] = true;
              Instant now = clock.instant();
              // judging large samples takes tens of milliseconds: off the actor's thread
              context.pipeToSelf(measure(target, metrics, alarms, windowStart, now, settings)
                  .thenApplyAsync(measured -> report(target, judge, measured), judging), (report, error) ->
                  new Judged(report != null ? report : report(target, judge,
                      new Measured(windowStart, now, null, error, Map.of(), null))));
            }
            return Behaviors.same();
          })
          .onMessage(Judged.class, judged -> {
            measuring[0] = false;
            parent.tell(judged.report());
            return Behaviors.same();
          })
          .build();
    })).unsafeCast();
  }

  private static CompletableFuture<Measured> measure(Target target, MetricsPort metrics, AlarmPort alarms,
      Instant from, Instant to, EngineSettings settings) {
    long timeout = settings.cloudCallTimeout().toMillis();
    CompletableFuture<Map<String, EnvironmentMetrics>> read = metrics.read(target.endpoint(),
        Set.of(target.baselineId(), target.canaryId()), from, to).toCompletableFuture()
        .orTimeout(timeout, TimeUnit.MILLISECONDS);
    List<String> names = target.policy().alarms();
    CompletableFuture<Map<String, AlarmState>> alarmStates = names.isEmpty()
        ? CompletableFuture.completedFuture(Map.of())
        : alarms.states(target.endpoint().placement(), names).toCompletableFuture()
            .orTimeout(timeout, TimeUnit.MILLISECONDS);
    return read.handle((values, error) -> new Object[] {values, error})
        .thenCombine(alarmStates.handle((values, error) -> new Object[] {values, error}), (m, a) -> {
          @SuppressWarnings("unchecked")
          Map<String, EnvironmentMetrics> metricValues = (Map<String, EnvironmentMetrics>) m[0];
          @SuppressWarnings("unchecked")
          Map<String, AlarmState> alarmValues = (Map<String, AlarmState>) a[0];
          return new Measured(from, to, metricValues, (Throwable) m[1], alarmValues, (Throwable) a[1]);
        });
  }

  private static AnalysisReport report(Target target, JudgeSettings settings, Measured measured) {
    AnalysisPolicy policy = target.policy();
    String alarmsError = measured.alarmsError() == null ? null
        : "alarms could not be read: " + CloudCall.describe(CloudCall.unwrap(measured.alarmsError()));
    // an unreadable source, metrics or alarms, is a source error: never a pass, never a failure of the version
    Judgement judgement = measured.metricsError() != null
        ? Comparison.sourceFailed(policy, settings, "metrics source: " + CloudCall.describe(
            CloudCall.unwrap(measured.metricsError())))
        : alarmsError != null
            ? Comparison.sourceFailed(policy, settings, alarmsError)
            : Comparison.judge(policy, settings, measured.metrics(), target.baselineId(), target.canaryId());
    List<String> firing = measured.alarms() == null ? List.of() : measured.alarms().entrySet().stream()
        .filter(entry -> entry.getValue() == AlarmState.ALARM).map(Map.Entry::getKey).sorted().toList();
    return new AnalysisReport(target.releaseId(), judgement, firing, alarmsError, measured.from(), measured.to());
  }
}
