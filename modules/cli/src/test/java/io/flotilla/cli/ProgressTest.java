package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The release progress bar and the bulk release summary. */
class ProgressTest {
  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void barShowsTheCanaryShareStepHoldAndVerdict() {
    ReleaseProgress progress = new ReleaseProgress("rel-2");
    progress.fromEvent("ReleaseRequested", json("{'release':{'id':'rel-2','version':'2.0.0','environmentId':'e2',"
        + "'steps':[{'weight':25},{'weight':50},{'weight':100}]}}"));
    progress.fromEvent("TrafficShiftRequested", json("{'releaseId':'rel-2','step':1,'split':{'weights':"
        + "{'e1':50,'e2':50}}}"));
    progress.fromEvent("StepHeld", json("{'releaseId':'rel-2','step':1,'weight':50,"
        + "'until':'2026-01-31T12:01:00Z'}"));
    progress.fromEvent("AnalysisRecorded", json("{'judgement':{'verdict':'pass'}}"));
    Instant now = Instant.parse("2026-01-31T12:00:36Z");
    assertEquals("[##########..........] rel-2 2.0.0 50% | step 2/3 Holding, 24s left | last verdict pass | 36s",
        progress.render(now, Instant.parse("2026-01-31T12:00:00Z")));
    progress.fromEvent("ReleasePaused", json("{}"));
    assertTrue(progress.render(now, now).contains("Holding (paused) |"));
    progress.fromEvent("ReleasePromoted", json("{}"));
    assertTrue(progress.render(now, now).startsWith("[####################] rel-2 2.0.0 100% | Promoted"));
  }

  @Test
  void bulkProgressCountsItemStatesOverTheWholeBulkAndEndsWhenTheBulkIsFinished() {
    BulkProgress running = BulkProgress.of(json("{'id':'b-1','state':'running','finished':false,'total':10000,"
        + "'counts':{'pending':9847,'in-flight':50,'promoted':100,'rolled-back':3},'items':[]}"));
    assertFalse(running.done());
    assertEquals(103, running.ended());
    assertEquals("103/10000 ended (running) | pending 9847 | in-flight 50 | promoted 100 | rolled-back 3",
        running.line());

    BulkProgress stopped = BulkProgress.of(json("{'id':'b-1','state':'stopped-by-budget','finished':true,'total':4,"
        + "'counts':{'promoted':1,'rolled-back':1,'skipped':2,'pending':0}}"));
    assertTrue(stopped.done());
    assertFalse(stopped.allGood());
    assertEquals(List.of("rolled-back", "skipped"), stopped.badStates());

    BulkProgress good = BulkProgress.of(json("{'state':'completed','finished':true,'total':3,"
        + "'counts':{'promoted':2,'unchanged':1}}"));
    assertTrue(good.done() && good.allGood());
    assertEquals(List.of(), good.badStates());
    assertFalse(BulkProgress.of(json("{'state':'cancelled','finished':false,'total':2,"
        + "'counts':{'in-flight':1,'cancelled':1}}")).done(), "a cancelled bulk waits for the items in flight");
  }
}
