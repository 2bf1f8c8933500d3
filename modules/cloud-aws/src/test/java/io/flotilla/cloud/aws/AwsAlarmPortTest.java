package io.flotilla.cloud.aws;

import static io.flotilla.cloud.aws.AwsFakeFixture.HOME;
import static io.flotilla.cloud.aws.AwsFakeFixture.REGION;
import static io.flotilla.cloud.aws.AwsFakeFixture.TARGET;
import static io.flotilla.cloud.aws.AwsFakeFixture.await;
import static io.flotilla.cloud.aws.AwsFakeFixture.home;
import static io.flotilla.cloud.aws.AwsFakeFixture.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.CloudException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsAlarmPortTest {
  private final AwsFakeFixture aws = new AwsFakeFixture(Duration.ZERO);

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void readsEachAlarmsStateAndAMissingAlarmAsInsufficientData() {
    aws.fake.setAlarm(HOME, REGION, "shop-5xx", "ALARM");
    aws.fake.setAlarm(HOME, REGION, "shop-latency", "OK");
    aws.fake.setAlarm(HOME, REGION, "shop-saturation", "INSUFFICIENT_DATA");
    aws.fake.setAlarm(HOME, REGION, "cart-5xx", "ALARM");

    Map<String, AlarmState> states = await(aws.alarms.states(home(),
        List.of("shop-5xx", "shop-latency", "shop-saturation", "shop-missing")));

    assertEquals(Map.of("shop-5xx", AlarmState.ALARM, "shop-latency", AlarmState.OK,
        "shop-saturation", AlarmState.INSUFFICIENT_DATA, "shop-missing", AlarmState.INSUFFICIENT_DATA), states);
    assertEquals(1, aws.fake.faults().calls("DescribeAlarms"));
  }

  @Test
  void stateChangesAreReadBack() {
    aws.fake.setAlarm(HOME, REGION, "shop-5xx", "OK");
    assertEquals(Map.of("shop-5xx", AlarmState.OK), await(aws.alarms.states(home(), List.of("shop-5xx"))));

    aws.fake.setAlarm(HOME, REGION, "shop-5xx", "ALARM");

    assertEquals(Map.of("shop-5xx", AlarmState.ALARM), await(aws.alarms.states(home(), List.of("shop-5xx"))));
  }

  @Test
  void moreThan100NamesAreReadInChunksOf100() {
    List<String> names = new ArrayList<>();
    Map<String, AlarmState> expected = new LinkedHashMap<>();
    for (int i = 0; i < 230; i++) {
      String name = "alarm-" + i;
      names.add(name);
      if (i % 10 == 9) {
        expected.put(name, AlarmState.INSUFFICIENT_DATA);
        continue;
      }
      AlarmState state = i % 3 == 0 ? AlarmState.ALARM : AlarmState.OK;
      aws.fake.setAlarm(HOME, REGION, name, state.name());
      expected.put(name, state);
    }

    Map<String, AlarmState> states = await(aws.alarms.states(home(), names));

    assertEquals(expected, states);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(states.keySet()));
    assertEquals(3, aws.fake.faults().calls("DescribeAlarms"));
  }

  @Test
  void alarmsAreReadInThePlacementsAccount() {
    aws.fake.setAlarm(TARGET, REGION, "shop-5xx", "ALARM");

    assertEquals(Map.of("shop-5xx", AlarmState.ALARM), await(aws.alarms.states(target(), List.of("shop-5xx"))));
    assertEquals(Map.of("shop-5xx", AlarmState.INSUFFICIENT_DATA),
        await(aws.alarms.states(home(), List.of("shop-5xx"))));
  }

  @Test
  void noNamesNeedNoCall() {
    assertEquals(Map.of(), await(aws.alarms.states(home(), List.of())));
    assertEquals(0, aws.fake.faults().calls("DescribeAlarms"));
  }

  @Test
  void throttledDescribeAlarmsIsRetriedAndPersistentFailureIsRetryable() {
    aws.fake.setAlarm(HOME, REGION, "shop-5xx", "ALARM");
    aws.fake.faults().throttleNext("DescribeAlarms", 1);
    assertEquals(Map.of("shop-5xx", AlarmState.ALARM), await(aws.alarms.states(home(), List.of("shop-5xx"))));
    assertEquals(2, aws.fake.faults().calls("DescribeAlarms"));

    aws.fake.faults().throttleNext("DescribeAlarms", 10);
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> aws.alarms
        .states(home(), List.of("shop-5xx")).toCompletableFuture().get(30, TimeUnit.SECONDS));

    CloudException failure = assertInstanceOf(CloudException.class, thrown.getCause());
    assertTrue(failure.retryable());
    assertTrue(failure.getMessage().contains("Throttling"), failure.getMessage());
  }
}
