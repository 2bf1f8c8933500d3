package io.flotilla.judge;

import static io.flotilla.judge.Traffic.ERRORS;
import static io.flotilla.judge.Traffic.GOOD;
import static io.flotilla.judge.Traffic.P99;
import static io.flotilla.judge.Traffic.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JudgeTest {
  private final SplittableRandom random = new SplittableRandom(42);

  @Test
  void failsAtOnceWhenTheCanaryHasFivePointsMoreErrors() {
    Sample canary = GOOD.withErrorRate(0.051).sample(random, 3000);
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 3000), canary);
    assertEquals(Verdict.FAIL, judgement.verdict());
    assertTrue(judgement.summary().startsWith("critical metric errors is HIGH: errors: canary "),
        judgement.summary());
    assertTrue(judgement.summary().contains("fails above +0.5 pp, maxIncrease 1.0 pp"), judgement.summary());
    assertEquals(Classification.HIGH, judgement.metrics().get(0).classification());
  }

  @Test
  void passesACanaryThatBehavesLikeTheBaseline() {
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 6000), GOOD.sample(random, 6000));
    assertEquals(Verdict.PASS, judgement.verdict(), judgement.summary());
    assertEquals(100.0, judgement.score());
    assertEquals("score 100 (2 of 2 metrics pass)", judgement.summary());
  }

  @Test
  void failsOnANonCriticalLatencyRegressionThroughTheScore() {
    Traffic slow = GOOD.withLatency(40, 160);
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 6000), slow.sample(random, 6000));
    assertEquals(Verdict.FAIL, judgement.verdict());
    assertEquals(50.0, judgement.score());
    assertTrue(judgement.summary().startsWith("score 50 <= marginal 75: p99: canary p99 "), judgement.summary());
  }

  @Test
  void catchesTheSameMedianWithAHeavierTail() {
    Traffic tail = GOOD.withTail(0.05, 200, 400);
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 6000), tail.sample(random, 6000));
    assertEquals(Verdict.FAIL, judgement.verdict());
    assertEquals(Classification.HIGH, judgement.metrics().get(1).classification());
  }

  @Test
  void isInconclusiveWithTooLittleTraffic() {
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 80), GOOD.withErrorRate(0.5).sample(random, 60));
    assertEquals(Verdict.INCONCLUSIVE, judgement.verdict());
    assertNull(judgement.score());
    assertEquals(Classification.NO_DATA, judgement.metrics().get(0).classification());
    assertEquals("no metric has data: errors: too little traffic: n=60/80 (canary/baseline), need 100 each; "
        + "p99: too little traffic: n=60/80 (canary/baseline), need 100 each", judgement.summary());
  }

  @Test
  void isInconclusiveWhenOneMetricHasNoDataAndTheOthersPass() {
    Sample baseline = Sample.counts(5000, 5);
    Sample canary = Sample.counts(5000, 6);
    Judgement judgement = Judge.judge(POLICY, baseline, canary);
    assertEquals(Verdict.INCONCLUSIVE, judgement.verdict());
    assertEquals(100.0, judgement.score());
    assertTrue(judgement.summary().contains("p99: the source has no latency data for the canary"),
        judgement.summary());
  }

  @Test
  void reportsAFailingMetricsSourceAsErrorNotAsAFailure() {
    Sample baseline = GOOD.sample(random, 3000);
    Judgement judgement = Judge.judge(POLICY, baseline, Sample.failed("GetMetricData timed out after 5s"));
    assertEquals(Verdict.ERROR, judgement.verdict());
    assertEquals("metrics source failed: canary counts: GetMetricData timed out after 5s (errors not compared); "
        + "canary latency: GetMetricData timed out after 5s (p99 not compared)", judgement.summary());
  }

  @Test
  void aLatencySourceErrorAloneIsAnErrorEvenWhenErrorsPass() {
    Sample canary = GOOD.sample(random, 3000).withLatencyError("throttled");
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 3000), canary);
    assertEquals(Verdict.ERROR, judgement.verdict());
    assertEquals(Classification.PASS, judgement.metrics().get(0).classification());
    assertEquals(Classification.ERROR, judgement.metrics().get(1).classification());
  }

  @Test
  void aCriticalFailureStillFailsWhileAnotherMetricsSourceErrs() {
    Sample canary = GOOD.withErrorRate(0.06).sample(random, 3000).withLatencyError("throttled");
    assertEquals(Verdict.FAIL, Judge.judge(POLICY, GOOD.sample(random, 3000), canary).verdict());
  }

  @Test
  void aFasterCanaryIsLowAndPasses() {
    Judgement judgement =
        Judge.judge(POLICY, GOOD.sample(random, 6000), GOOD.withLatency(10, 40).sample(random, 6000));
    assertEquals(Verdict.PASS, judgement.verdict());
    assertEquals(Classification.LOW, judgement.metrics().get(1).classification());
  }

  @Test
  void scoresBetweenMarginalAndPassAreInconclusive() {
    JudgeSettings settings = JudgeSettings.DEFAULT.withWeights(Map.of("errors", 9.0));
    Traffic slow = GOOD.withLatency(40, 160);
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 6000), slow.sample(random, 6000), settings);
    assertEquals(90.0, judgement.score());
    assertEquals(Verdict.INCONCLUSIVE, judgement.verdict());
    assertTrue(judgement.summary().startsWith("score 90 is between marginal 75 and pass 95: p99: "),
        judgement.summary());
  }

  @Test
  void aScoreAtMarginalFails() {
    JudgeSettings settings = JudgeSettings.DEFAULT.withWeights(Map.of("errors", 3.0));
    Traffic slow = GOOD.withLatency(40, 160);
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 6000), slow.sample(random, 6000), settings);
    assertEquals(75.0, judgement.score());
    assertEquals(Verdict.FAIL, judgement.verdict());
  }

  @Test
  void aPolicyWithoutAMinimumStillNeedsOneRequestPerSide() {
    Sample empty = Sample.recorded(0, 0, new double[0]);
    Judgement judgement = Judge.judge(Traffic.policy(0, ERRORS, P99), empty, empty);
    assertEquals(Verdict.INCONCLUSIVE, judgement.verdict());
  }

  @Test
  void aPolicyWithoutMetricsPasses() {
    Judgement judgement = Judge.judge(Traffic.policy(100), Sample.counts(0, 0), Sample.counts(0, 0));
    assertEquals(Verdict.PASS, judgement.verdict());
    assertEquals(List.of(), judgement.metrics());
  }

  @Test
  void judgementsSurviveJacksonCbor() throws Exception {
    ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    Judgement judgement = Judge.judge(POLICY, GOOD.sample(random, 3000), GOOD.withErrorRate(0.05).sample(random, 3000));
    Judgement read = cbor.readValue(cbor.writeValueAsBytes(judgement), Judgement.class);
    assertEquals(judgement, read);
    AnalysisLedger ledger = AnalysisLedger.EMPTY.record(judgement);
    assertEquals(ledger, cbor.readValue(cbor.writeValueAsBytes(ledger), AnalysisLedger.class));
  }

  @Test
  void judgementsReadAsPlainJson() throws Exception {
    Judgement judgement = Judge.judge(Traffic.policy(100, ERRORS, P99), Sample.counts(10, 0), Sample.counts(10, 0));
    String json = new ObjectMapper().writeValueAsString(judgement);
    assertTrue(json.contains("\"verdict\":\"inconclusive\""), json);
    assertTrue(json.contains("\"classification\":\"no-data\""), json);
    assertTrue(json.contains("\"type\":\"error-rate\""), json);
  }
}
