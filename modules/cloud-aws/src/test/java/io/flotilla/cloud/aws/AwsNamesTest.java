package io.flotilla.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AwsNamesTest {
  @Test
  void targetGroupNamesAreDeterministicAndFitAwsLimits() {
    String name = AwsNames.targetGroup("a-very-long-service-name-1.2.3-rc.4-r17");

    assertEquals(name, AwsNames.targetGroup("a-very-long-service-name-1.2.3-rc.4-r17"));
    assertTrue(name.length() <= 32, name);
    assertTrue(name.matches("[A-Za-z0-9](-?[A-Za-z0-9])*"), name);
    assertNotEquals(AwsNames.targetGroup("shop-1.0.0-r1"), AwsNames.targetGroup("shop-1.0.0-r2"));
  }
}
