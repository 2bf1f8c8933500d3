package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Json;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Event lines name steps out of their total and environments by version. */
class EventTextTest {
  private final EventText text = new EventText(ZoneOffset.UTC, false);

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode event(String type, String data) {
    return json("{'id':'9','service':'shop','type':'" + type + "','at':'2026-01-31T12:00:04Z','data':" + data + "}");
  }

  @Test
  void releaseRequestedListsTheStepsAndTeachesLaterLines() {
    String requested = text.line(event("ReleaseRequested", "{'release':{'id':'rel-2','kind':'RELEASE',"
        + "'version':'2.0.0','revision':3,'environmentId':'shop-2','baselineId':'shop-1','steps':[{'weight':10,"
        + "'hold':'30s'},{'weight':50,'hold':'1m'},{'weight':100,'hold':'0s'}]},'fromQueue':false}"));
    assertEquals("12:00:04  ReleaseRequested        rel-2: 2.0.0 with revision 3, steps 10% 30s, 50% 1m, 100%",
        requested);
    assertEquals("12:00:04  StepHeld                rel-2: step 1/3: 10% to 2.0.0, holding until 12:00:34",
        text.line(event("StepHeld", "{'releaseId':'rel-2','step':0,'weight':10,'until':'2026-01-31T12:00:34Z'}")));
  }

  @Test
  void trafficNamesEnvironmentsByVersionLargestShareFirst() {
    text.learn(json("{'environments':[{'id':'shop-1','version':'1.0.0'},{'id':'shop-2','version':'2.0.0'}]}"));
    assertEquals("traffic is 1.0.0 90%, 2.0.0 10%", text.describe("TrafficShifted",
        json("{'split':{'weights':{'shop-2':10,'shop-1':90}}}")));
    assertEquals("traffic is unknown-env 100%", text.describe("TrafficShifted",
        json("{'split':{'weights':{'unknown-env':100,'shop-1':0}}}")));
  }

  @Test
  void verdictsAndRollbacksSayWhy() {
    assertEquals("rel-2: step 1: fail (score 50): errors is HIGH", text.describe("AnalysisRecorded",
        json("{'releaseId':'rel-2','step':0,'judgement':{'verdict':'fail','score':50.0,'summary':'errors is HIGH'},"
            + "'alarmsFiring':[]}")));
    assertEquals("rel-2: rolling back, all traffic to shop-1 (automatic): analysis failed", text.describe(
        "RollbackRequested", json("{'releaseId':'rel-2','targetId':'shop-1','reason':'analysis failed',"
            + "'automatic':true,'abort':false}")));
  }

  @Test
  void fleetLinesNameTheServiceAndUnknownTypesShowTheirData() {
    EventText fleet = new EventText(ZoneOffset.UTC, true);
    String line = fleet.line(event("SomethingNew", "{'x':1}"));
    assertTrue(line.startsWith("12:00:04  shop  SomethingNew"), line);
    assertTrue(line.endsWith("{\"x\":1}"), line);
  }
}
