package io.flotilla.engine.endpoint;

import io.flotilla.engine.CborSerializable;
import io.flotilla.judge.AnalysisLedger;
import io.flotilla.judge.Judgement;
import java.time.Instant;
import java.util.List;

/**
 * The comparison of a release's canary with its baseline: compared since {@code since} (when the current step's
 * weights were applied: each step is judged on its own traffic, since a changing share would bias a cumulative
 * comparison), the ledger of verdicts and metrics-source errors across intervals, the last judgement with its
 * numbers, and the alarms that were in ALARM at that time.
 */
public record Analysis(Instant since, AnalysisLedger ledger, Judgement last, Instant judgedAt, List<String> alarms)
    implements CborSerializable {

  public Analysis {
    alarms = List.copyOf(alarms);
  }

  static Analysis startedAt(Instant at) {
    return new Analysis(at, AnalysisLedger.EMPTY, null, null, List.of());
  }

  /** A new step: a new window, the ledger and the last judgement carry on. */
  Analysis restartedAt(Instant at) {
    return new Analysis(at, ledger, last, judgedAt, alarms);
  }

  Analysis recorded(Judgement judgement, List<String> firing, Instant at) {
    return new Analysis(since, ledger.record(judgement), judgement, at, firing);
  }
}
