package io.flotilla.engine.children;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.flotilla.cloud.AlarmPort;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.MetricsPort;
import io.flotilla.cloud.Placement;
import io.flotilla.engine.EngineSettings;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointCommand.AnalysisReport;
import io.flotilla.judge.JudgeSettings;
import io.flotilla.judge.Verdict;
import io.flotilla.model.AnalysisPolicy;
import io.flotilla.model.EndpointAddress;
import io.flotilla.model.SpecCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The comparator reads cumulative windows from the end of the warmup, every interval, and reports each verdict. */
class VersionComparatorTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create();
  private static final EndpointRef ENDPOINT = new EndpointRef(new Placement("local", "local"), "checkout",
      new EndpointAddress("checkout.local", 0));
  private static final EngineSettings SETTINGS = EngineSettings.from(ConfigFactory.load());

  @AfterAll
  static void shutdown() {
    TESTKIT.shutdownTestKit();
  }

  private static AnalysisPolicy policy(String alarms) {
    return SpecCodec.readYaml("name: checkout\nimage: demo/checkout\nanalysis: {interval: 1s, warmup: 500ms, "
        + "minRequests: 50, alarms: " + alarms + "}\n").analysis();
  }

  /** Both environments served the same: 1,000 requests, 1 error, latencies 10..19 ms. */
  private static Map<String, EnvironmentMetrics> same() {
    double[] latencies = new double[1000];
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = 10 + i % 10;
    }
    return Map.of("base", new EnvironmentMetrics("base", 1000, 1, latencies),
        "canary", new EnvironmentMetrics("canary", 1000, 1, latencies.clone()));
  }

  private record Read(Instant from, Instant to) {}

  @Test
  void readsCumulativeWindowsFromTheEndOfTheWarmupEveryInterval() {
    Instant since = Instant.now();
    List<Read> reads = new CopyOnWriteArrayList<>();
    MetricsPort metrics = (endpoint, ids, from, to) -> {
      reads.add(new Read(from, to));
      return CompletableFuture.completedFuture(same());
    };
    AlarmPort alarms = (placement, names) -> CompletableFuture.completedFuture(Map.of());
    TestProbe<EndpointCommand> parent = TESTKIT.createTestProbe();
    TESTKIT.spawn(VersionComparator.create(new VersionComparator.Target("rel-2", ENDPOINT, "base", "canary",
        policy("[]"), since), metrics, alarms, JudgeSettings.DEFAULT, parent.getRef(), SETTINGS, Clock.systemUTC()));

    AnalysisReport first = parent.expectMessageClass(AnalysisReport.class, Duration.ofSeconds(5));
    AnalysisReport second = parent.expectMessageClass(AnalysisReport.class, Duration.ofSeconds(5));
    assertEquals(Verdict.PASS, first.judgement().verdict(), first.judgement().summary());
    assertEquals(since.plusMillis(500), first.from(), "windows start when the warmup ends");
    assertEquals(first.from(), second.from(), "cumulative: every window starts there");
    assertTrue(second.to().isAfter(first.to()));
    assertFalse(first.to().isBefore(since.plusMillis(1_500)), "the first look comes one interval after warmup");
    assertEquals(first.from(), reads.get(0).from());
  }

  @Test
  void failingMetricsSourceIsReportedAsASourceErrorNotAFailure() {
    MetricsPort metrics = (endpoint, ids, from, to) ->
        CompletableFuture.failedFuture(new CloudException("metrics backend down", true));
    AlarmPort alarms = (placement, names) -> CompletableFuture.completedFuture(Map.of());
    TestProbe<EndpointCommand> parent = TESTKIT.createTestProbe();
    TESTKIT.spawn(VersionComparator.create(new VersionComparator.Target("rel-2", ENDPOINT, "base", "canary",
        policy("[]"), Instant.now()), metrics, alarms, JudgeSettings.DEFAULT, parent.getRef(), SETTINGS,
        Clock.systemUTC()));

    AnalysisReport report = parent.expectMessageClass(AnalysisReport.class, Duration.ofSeconds(5));
    assertEquals(Verdict.ERROR, report.judgement().verdict());
    assertTrue(report.judgement().summary().contains("metrics backend down"), report.judgement().summary());
  }

  @Test
  void alarmsInAlarmAreReportedAndAnUnreadableAlarmSourceIsASourceError() {
    MetricsPort metrics = (endpoint, ids, from, to) -> CompletableFuture.completedFuture(same());
    TestProbe<EndpointCommand> firingParent = TESTKIT.createTestProbe();
    AlarmPort firing = (placement, names) -> CompletableFuture.completedFuture(
        Map.of("checkout-5xx", AlarmState.ALARM, "checkout-latency", AlarmState.OK));
    TESTKIT.spawn(VersionComparator.create(new VersionComparator.Target("rel-2", ENDPOINT, "base", "canary",
        policy("[checkout-5xx, checkout-latency]"), Instant.now()), metrics, firing, JudgeSettings.DEFAULT,
        firingParent.getRef(), SETTINGS, Clock.systemUTC()));
    assertEquals(List.of("checkout-5xx"),
        firingParent.expectMessageClass(AnalysisReport.class, Duration.ofSeconds(5)).alarmsFiring());

    TestProbe<EndpointCommand> blindParent = TESTKIT.createTestProbe();
    AlarmPort unreadable = (placement, names) ->
        CompletableFuture.failedFuture(new CloudException("DescribeAlarms throttled", true));
    TESTKIT.spawn(VersionComparator.create(new VersionComparator.Target("rel-2", ENDPOINT, "base", "canary",
        policy("[checkout-5xx]"), Instant.now()), metrics, unreadable, JudgeSettings.DEFAULT,
        blindParent.getRef(), SETTINGS, Clock.systemUTC()));
    AnalysisReport blind = blindParent.expectMessageClass(AnalysisReport.class, Duration.ofSeconds(5));
    assertEquals(Verdict.ERROR, blind.judgement().verdict(), "an alarm source that cannot be read never passes");
  }
}
