package io.flotilla.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.judge.JudgeSettings;
import io.flotilla.judge.Judgement;
import io.flotilla.judge.Verdict;
import io.flotilla.model.AnalysisPolicy;
import io.flotilla.model.OnInconclusive;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  @Test
  void anUnreadableSourceIsAnErrorEvenWhenTheAnalysisHasOnlyAlarms() {
    AnalysisPolicy alarmsOnly = new AnalysisPolicy(Duration.ofSeconds(1), Duration.ZERO, 0, List.of(),
        List.of("checkout-5xx"), OnInconclusive.PROCEED);

    Judgement judged = Comparison.sourceFailed(alarmsOnly, JudgeSettings.DEFAULT,
        "alarms could not be read: cloud call timed out");

    assertEquals(Verdict.ERROR, judged.verdict(), judged.toString());
    assertTrue(judged.summary().contains("alarms could not be read"), judged.summary());
  }
}
