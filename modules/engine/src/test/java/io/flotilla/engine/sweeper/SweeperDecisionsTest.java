package io.flotilla.engine.sweeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.Tags;
import io.flotilla.engine.sweeper.EnvironmentOwnership.Known;
import io.flotilla.engine.sweeper.SweepReport.Action;
import io.flotilla.engine.sweeper.SweepReport.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweeperDecisionsTest {
  private static final Placement LOCAL = new Placement("local", "local");
  private static final String OWNER = "flotilla";
  private static final Duration GRACE = Duration.ofMinutes(15);
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  static EnvironmentInfo environment(String id, Map<String, String> tags) {
    return new EnvironmentInfo(id, LOCAL, EnvironmentStatus.HEALTHY, 1, 1, tags);
  }

  static Map<String, String> tagged(String service, String owner) {
    Map<String, String> tags = new HashMap<>(Map.of(Tags.SERVICE, service, Tags.VERSION, "1.0.0"));
    if (owner != null) {
      tags.put(Tags.OWNER, owner);
    }
    return tags;
  }

  private static Observation observed(List<EnvironmentInfo> environments, Map<String, Known> owners) {
    return new Observation(List.of(LOCAL), environments, owners, List.of());
  }

  private static Orphan.Key key(String id) {
    return new Orphan.Key(LOCAL, id);
  }

  @Test
  void orphanFirstSeenNowWaitsForTheGracePeriod() {
    var plan = SweepDecisions.plan(observed(List.of(environment("ghost-1", tagged("ghost", OWNER))),
        Map.of("ghost", Known.noService())), OWNER, Map.of(), NOW, GRACE, false);

    Finding finding = plan.findings().get(0);
    assertEquals(Action.WAITING_GRACE, finding.action());
    assertEquals("ghost", finding.service());
    assertEquals("1.0.0", finding.version());
    assertEquals(NOW, finding.firstSeen());
    assertEquals("service 'ghost' does not exist", finding.reason());
    assertTrue(plan.due().isEmpty());
    assertEquals(Map.of(key("ghost-1"), NOW), plan.firstSeen());
  }

  @Test
  void orphanSeenForTheWholeGracePeriodIsDue() {
    Instant first = NOW.minus(GRACE);

    var plan = SweepDecisions.plan(observed(List.of(environment("ghost-1", tagged("ghost", OWNER))),
        Map.of("ghost", Known.noService())), OWNER, Map.of(key("ghost-1"), first), NOW, GRACE, false);

    assertTrue(plan.findings().isEmpty());
    assertEquals(List.of("ghost-1"), plan.due().stream().map(Orphan::environmentId).toList());
    assertEquals(first, plan.due().get(0).firstSeen());
    assertEquals(Map.of(key("ghost-1"), first), plan.firstSeen(), "remembered until the delete succeeds");
  }

  @Test
  void dryRunReportsWhatWouldBeDeletedAndDeletesNothing() {
    var plan = SweepDecisions.plan(observed(List.of(environment("ghost-1", tagged("ghost", OWNER))),
            Map.of("ghost", Known.noService())), OWNER, Map.of(key("ghost-1"), NOW.minus(Duration.ofHours(1))), NOW,
        GRACE, true);

    assertEquals(List.of(Action.WOULD_DELETE), plan.findings().stream().map(Finding::action).toList());
    assertTrue(plan.due().isEmpty());
  }

  @Test
  void environmentItsServiceKnowsIsNotListedAndIsForgotten() {
    var plan = SweepDecisions.plan(observed(List.of(environment("shop-1", tagged("shop", OWNER))),
            Map.of("shop", new Known(true, Set.of("shop-1")))), OWNER, Map.of(key("shop-1"), NOW.minus(GRACE)), NOW,
        GRACE, false);

    assertTrue(plan.findings().isEmpty());
    assertTrue(plan.due().isEmpty());
    assertTrue(plan.firstSeen().isEmpty());
  }

  @Test
  void environmentAnExistingServiceDoesNotKnowIsAnOrphan() {
    var plan = SweepDecisions.plan(observed(List.of(environment("shop-9", tagged("shop", OWNER))),
        Map.of("shop", new Known(true, Set.of("shop-1")))), OWNER, Map.of(), NOW, GRACE, false);

    assertEquals("service 'shop' does not know this environment", plan.findings().get(0).reason());
  }

  @Test
  void foreignOwnerUntaggedAndServicelessEnvironmentsAreNeverConsidered() {
    Instant longAgo = NOW.minus(Duration.ofDays(1));
    List<EnvironmentInfo> environments = List.of(
        environment("foreign-1", tagged("foreign", "someone-else")),
        environment("handmade-1", tagged("handmade", null)),
        environment("bare-1", Map.of()),
        environment("nameless-1", Map.of(Tags.OWNER, OWNER)));
    Map<String, Known> owners = Map.of("foreign", Known.noService(), "handmade", Known.noService());
    Map<Orphan.Key, Instant> seen = Map.of(key("foreign-1"), longAgo, key("handmade-1"), longAgo,
        key("bare-1"), longAgo, key("nameless-1"), longAgo);

    var plan = SweepDecisions.plan(observed(environments, owners), OWNER, seen, NOW, GRACE, false);

    assertTrue(plan.findings().isEmpty());
    assertTrue(plan.due().isEmpty());
    assertTrue(plan.firstSeen().isEmpty());
  }

  @Test
  void serviceThatDidNotAnswerLeavesItsEnvironmentsAloneAndTheirGraceStartsAgain() {
    var plan = SweepDecisions.plan(observed(List.of(environment("ghost-1", tagged("ghost", OWNER))), Map.of()),
        OWNER, Map.of(key("ghost-1"), NOW.minus(GRACE)), NOW, GRACE, false);

    assertTrue(plan.findings().isEmpty());
    assertTrue(plan.due().isEmpty());
    assertTrue(plan.firstSeen().isEmpty());
  }

  @Test
  void orphanThatWasNotSeenInASweepStartsItsGraceAgain() {
    Map<Orphan.Key, Instant> seen = Map.of(key("ghost-1"), NOW.minus(GRACE));

    var missed = SweepDecisions.plan(observed(List.of(), Map.of()), OWNER, seen, NOW, GRACE, false);
    var back = SweepDecisions.plan(observed(List.of(environment("ghost-1", tagged("ghost", OWNER))),
        Map.of("ghost", Known.noService())), OWNER, missed.firstSeen(), NOW.plusSeconds(60), GRACE, false);

    assertTrue(missed.firstSeen().isEmpty());
    assertEquals(Action.WAITING_GRACE, back.findings().get(0).action());
    assertEquals(NOW.plusSeconds(60), back.findings().get(0).firstSeen());
  }
}
