package io.flotilla.bench;

import io.flotilla.cloud.EnvironmentMetrics;
import io.flotilla.cloud.local.DemoCatalog;
import io.flotilla.cloud.local.LatencyDistribution;
import io.flotilla.engine.analysis.Comparison;
import io.flotilla.judge.JudgeSettings;
import io.flotilla.judge.Judgement;
import io.flotilla.judge.Verdict;
import io.flotilla.model.AnalysisPolicy;
import io.flotilla.model.SpecCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Issue 3 h / DESIGN.md §10: simulated releases at 100 req/s per version, half good and half with +1 percentage
 * point of errors, judged exactly as the version comparator judges them ({@link Comparison} on cumulative metrics
 * since warmup, every interval). Prints detection time (median, p95) and the false rollback rate, for a baseline
 * error rate of 0.1% (the demo catalog's good versions) and of 1%.
 */
public final class JudgeBenchmark {
  private static final int RATE = 100;
  private static final Duration RELEASE = Duration.ofMinutes(5);

  private JudgeBenchmark() {}

  public static void main(String[] args) {
    int releases = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    AnalysisPolicy policy = SpecCodec.readYaml("""
        name: bench
        image: demo/bench
        analysis: {interval: 10s, warmup: 10s}
        """).analysis();
    LatencyDistribution latency = DemoCatalog.defaults().behaviorOf("1.0.0").latency();
    System.out.printf(Locale.ROOT, "judge benchmark: %d releases per baseline rate, %d req/s per version, "
        + "default metrics (errors maxIncrease 0.01 critical, p99 maxRatio 1.25), interval %s, warmup %s, "
        + "each release observed for %d min%n", releases, RATE, "10s", "10s", RELEASE.toMinutes());
    for (double baselineErrors : new double[] {0.001, 0.01}) {
      run(releases, baselineErrors, policy, latency);
    }
  }

  private static void run(int releases, double baselineErrors, AnalysisPolicy policy, LatencyDistribution latency) {
    SplittableRandom random = new SplittableRandom(42 + Math.round(baselineErrors * 1e6));
    List<Double> detections = new ArrayList<>();
    int missed = 0;
    int falseRollbacks = 0;
    long judgements = 0;
    long judgeNanos = 0;
    for (int i = 0; i < releases; i++) {
      boolean bad = i % 2 == 1;
      Outcome outcome = simulate(random, baselineErrors, bad ? baselineErrors + 0.01 : baselineErrors, policy,
          latency);
      judgements += outcome.judgements();
      judgeNanos += outcome.judgeNanos();
      if (bad) {
        if (outcome.failedAtSecond() < 0) {
          missed++;
        } else {
          detections.add((double) outcome.failedAtSecond());
        }
      } else if (outcome.failedAtSecond() >= 0) {
        falseRollbacks++;
      }
    }
    Collections.sort(detections);
    int good = releases - releases / 2;
    System.out.printf(Locale.ROOT, "baseline errors %.1f%%: +1 pp detected in %d/%d bad releases; detection time "
            + "median %s s, p95 %s s; false rollbacks %d/%d good releases (%.1f%%); %d judgements, %.1f ms each%n",
        baselineErrors * 100, detections.size(), releases / 2, percentile(detections, 50),
        percentile(detections, 95), falseRollbacks, good, 100.0 * falseRollbacks / good, judgements,
        judgeNanos / 1e6 / Math.max(1, judgements));
    if (missed > 0) {
      System.out.printf(Locale.ROOT, "  %d bad releases not detected within %d min%n", missed, RELEASE.toMinutes());
    }
  }

  private record Outcome(long failedAtSecond, int judgements, long judgeNanos) {}

  /** One release: both versions get RATE req/s; judged every interval after warmup on everything since warmup. */
  private static Outcome simulate(SplittableRandom random, double baselineErrors, double canaryErrors,
      AnalysisPolicy policy, LatencyDistribution latency) {
    Recorder baseline = new Recorder();
    Recorder canary = new Recorder();
    long warmup = policy.warmup().toSeconds();
    long interval = policy.interval().toSeconds();
    int judgements = 0;
    long judgeNanos = 0;
    for (long second = 1; second <= RELEASE.toSeconds(); second++) {
      boolean counted = second > warmup;
      baseline.second(random, baselineErrors, latency, counted);
      canary.second(random, canaryErrors, latency, counted);
      if (counted && (second - warmup) % interval == 0) {
        long start = System.nanoTime();
        Judgement judgement = Comparison.judge(policy, JudgeSettings.DEFAULT,
            Map.of("baseline", baseline.metrics("baseline"), "canary", canary.metrics("canary")), "baseline",
            "canary");
        judgeNanos += System.nanoTime() - start;
        judgements++;
        if (judgement.verdict() == Verdict.FAIL) {
          return new Outcome(second, judgements, judgeNanos);
        }
      }
    }
    return new Outcome(-1, judgements, judgeNanos);
  }

  private static String percentile(List<Double> sorted, double percentile) {
    if (sorted.isEmpty()) {
      return "-";
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return String.format(Locale.ROOT, "%.0f", sorted.get(Math.max(0, index)));
  }

  /** What the local proxy records for one environment: requests, 5xx and every latency. */
  private static final class Recorder {
    private long requests;
    private long errors;
    private double[] latencies = new double[1024];

    void second(SplittableRandom random, double errorRate, LatencyDistribution latency, boolean counted) {
      for (int i = 0; i < RATE; i++) {
        boolean error = random.nextDouble() < errorRate;
        double millis = latency.sampleMillis(random);
        if (counted) {
          if (requests == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
          }
          latencies[(int) requests] = millis;
          requests++;
          errors += error ? 1 : 0;
        }
      }
    }

    EnvironmentMetrics metrics(String id) {
      return new EnvironmentMetrics(id, requests, errors, Arrays.copyOf(latencies, (int) requests));
    }
  }
}
