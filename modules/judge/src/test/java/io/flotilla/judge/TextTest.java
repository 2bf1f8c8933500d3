package io.flotilla.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void pValuesKeepOneSignificantDigitWhenSmall() {
    assertEquals("p=2e-9", Text.p(2.2e-9));
    assertEquals("p=0.3", Text.p(0.3));
    assertEquals("p=0.046", Text.p(0.0461));
    assertEquals("p=1", Text.p(1));
    assertEquals("p<1e-300", Text.p(0));
  }

  @Test
  void ratesReadAsPercentAndPoints() {
    assertEquals("5.9%", Text.percent(0.0588));
    assertEquals("0.05%", Text.percent(0.0005));
    assertEquals("+5.0 pp", Text.points(0.0504));
    assertEquals("1.0 pp", Text.pointsSize(-0.01));
  }

  @Test
  void millisecondsAndPercentilesReadNaturally() {
    assertEquals("160 ms", Text.millis(160.2));
    assertEquals("20.4 ms", Text.millis(20.44));
    assertEquals("0.85 ms", Text.millis(0.849));
    assertEquals("p99", Text.percentile(99));
    assertEquals("p99.9", Text.percentile(99.9));
    assertEquals("x2.00", Text.ratio(2));
  }
}
