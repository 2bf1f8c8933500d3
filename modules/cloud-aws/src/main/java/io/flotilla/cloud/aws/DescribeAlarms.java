package io.flotilla.cloud.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * DescribeAlarms by name (up to 100 per call), metric and composite alarms alike, every page of it: the state of each
 * alarm that exists. Names that match no alarm are simply absent.
 */
final class DescribeAlarms {
  static final int MAX_NAMES = 100;

  private DescribeAlarms() {}

  static CompletableFuture<Map<String, StateValue>> run(AwsCalls calls, List<String> names) {
    if (names.size() > MAX_NAMES) {
      throw new IllegalArgumentException("DescribeAlarms takes at most " + MAX_NAMES + " names: " + names.size());
    }
    if (names.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    DescribeAlarmsRequest first = DescribeAlarmsRequest.builder().alarmNames(names)
        .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM).maxRecords(MAX_NAMES).build();
    return page(calls, first, new LinkedHashMap<>());
  }

  private static CompletableFuture<Map<String, StateValue>> page(AwsCalls calls, DescribeAlarmsRequest request,
      Map<String, StateValue> states) {
    return calls.cloudWatch(ApiFamily.CLOUDWATCH_ALARMS, client -> client.describeAlarms(request))
        .thenCompose(response -> {
          response.metricAlarms().forEach(alarm -> states.put(alarm.alarmName(), alarm.stateValue()));
          response.compositeAlarms().forEach(alarm -> states.put(alarm.alarmName(), alarm.stateValue()));
          String next = response.nextToken();
          return next == null || next.isEmpty() || next.equals(request.nextToken())
              ? CompletableFuture.completedFuture(states)
              : page(calls, request.toBuilder().nextToken(next).build(), states);
        });
  }
}
