package io.flotilla.cloud.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.model.FieldError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCatalogTest {
  private final DemoCatalog defaults = DemoCatalog.defaults();

  @Test
  void builtInCatalogIsTheRepositorysFile() throws Exception {
    DemoCatalog file = DemoCatalog.load(Path.of("../../config/demo-catalog.yaml"));
    assertEquals(file.entries().keySet(), defaults.entries().keySet());
    assertEquals(file.behaviorOf("1.3.0"), defaults.behaviorOf("1.3.0"));
  }

  @Test
  void definesTheDemoFamilies() {
    VersionBehavior good = defaults.behaviorOf("1.3.0");
    assertTrue(good.healthy());
    assertEquals(Duration.ofMillis(20), good.latency().median());
    assertEquals(0.05, defaults.behaviorOf("1.3.0-bad").errorRate());
    assertEquals(good.latency().p99().multipliedBy(2), defaults.behaviorOf("1.3.0-slow").latency().p99());
    assertFalse(defaults.behaviorOf("1.3.0-broken").healthy());
    VersionBehavior tail = defaults.behaviorOf("1.3.0-tail");
    assertEquals(good.latency().median(), tail.latency().median());
    assertNotNull(tail.latency().tail());
    assertFalse(defaults.behaviorOf("1.3.0-crashy").crashAfter().isZero());
  }

  @Test
  void unknownVersionsBehaveWell() {
    VersionBehavior unknown = defaults.behaviorOf("banana");
    assertEquals(0, unknown.errorRate());
    assertTrue(unknown.healthy());
    assertEquals(Duration.ofSeconds(1), unknown.startup());
  }

  @Test
  void exactVersionsWinOverGlobsAndGlobsMatchInFileOrder() {
    DemoCatalog catalog = DemoCatalog.parse("""
        versions:
          "*-bad": {errorRate: 0.5}
          "1.*": {errorRate: 0.1}
          "1.0.0-bad": {errorRate: 0.2}
          "2.*-rc*": {errorRate: 0.3}
        """, "test");
    assertEquals(0.2, catalog.behaviorOf("1.0.0-bad").errorRate());
    assertEquals(0.5, catalog.behaviorOf("1.1.0-bad").errorRate());
    assertEquals(0.1, catalog.behaviorOf("1.1.0").errorRate());
    assertEquals(0.3, catalog.behaviorOf("2.0.0-rc1").errorRate());
    assertEquals(0, catalog.behaviorOf("2.0.0").errorRate());
    assertEquals(0, catalog.behaviorOf("x1.0").errorRate());
  }

  @Test
  void entriesInheritWhatTheyLeaveOutFromTheDefault() {
    DemoCatalog catalog = DemoCatalog.parse("""
        default: {startup: 3s, latency: {median: 10ms, p99: 30ms}}
        versions:
          "*-broken": {healthy: false}
        """, "test");
    VersionBehavior broken = catalog.behaviorOf("1-broken");
    assertFalse(broken.healthy());
    assertEquals(Duration.ofSeconds(3), broken.startup());
    assertEquals(Duration.ofMillis(30), broken.latency().p99());
  }

  @Test
  void tailWithoutP99KeepsTheBodysSpread() {
    DemoCatalog catalog = DemoCatalog.parse("""
        versions:
          x: {latency: {median: 20ms, p99: 80ms, tail: {probability: 0.05, median: 400ms}}}
        """, "test");
    assertEquals(Duration.ofMillis(1600), catalog.behaviorOf("x").latency().tail().p99());
  }

  @Test
  void invalidCatalogNamesEveryBadVersionAndField() {
    DemoCatalogException error = assertThrows(DemoCatalogException.class, () -> DemoCatalog.parse("""
        versions:
          "*-bad": {errorRate: 1.5, startup: soon}
          "1.*": {latency: {median: 80ms, p99: 20ms}, colour: red}
          "2.*": {latency: {median: 5ms, p99: 9ms, tail: {median: 1s}}, healthy: "yes"}
        """, "demo.yaml"));
    List<String> fields = error.errors().stream().map(FieldError::field).toList();
    assertEquals(List.of("versions[*-bad].errorRate", "versions[*-bad].startup", "versions[1.*].colour",
        "versions[1.*].latency.p99", "versions[2.*].latency.tail.probability", "versions[2.*].healthy"), fields);
    assertTrue(error.getMessage().startsWith("invalid demo catalog demo.yaml: "));
  }

  @Test
  void syntaxErrorsNameTheLine() {
    DemoCatalogException error = assertThrows(DemoCatalogException.class,
        () -> DemoCatalog.parse("versions:\n  x: {errorRate: [\n", "broken.yaml"));
    assertTrue(error.errors().get(0).field().startsWith("line "), error.getMessage());
  }
}
