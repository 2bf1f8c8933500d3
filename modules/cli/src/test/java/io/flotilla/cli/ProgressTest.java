package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Json;
import java.time.Instant;
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
  void bulkProgressCountsItemStatesAndEndsWhenEveryItemEnded() {
    BulkProgress running = BulkProgress.of(json("{'id':'b-1','items':[{'service':'a','phase':'Promoted'},"
        + "{'service':'b','phase':'Holding'},{'service':'c','status':'Pending'}]}"));
    assertFalse(running.done());
    assertEquals("1/3 ended | Holding 1 | Pending 1 | Promoted 1", running.line());

    BulkProgress ended = BulkProgress.of(json("{'id':'b-1','items':[{'service':'a','phase':'Promoted'},"
        + "{'service':'b','phase':'RolledBack'}]}"));
    assertTrue(ended.done());
    assertFalse(ended.allGood());

    BulkProgress stopped = BulkProgress.of(json("{'id':'b-1','state':'Cancelled','items':[{'phase':'Promoted'},"
        + "{'phase':'NotStarted'},{'phase':'Queued'}]}"));
    assertTrue(stopped.done(), "a bulk that says it ended has ended, whatever its items say");
    assertTrue(BulkProgress.of(json("{'items':[{'phase':'Promoted'}],'done':true}")).allGood());
  }
}
