package io.flotilla.cloud.aws;

import io.flotilla.cloud.AlarmPort;
import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * CloudWatch alarms by name, in the placement's account and region: one DescribeAlarms call per 100 names. An alarm
 * that does not exist (or a state this SDK does not know) reads as {@code INSUFFICIENT_DATA}.
 */
public final class AwsAlarmPort implements AlarmPort {
  private final AwsClientProvider provider;

  public AwsAlarmPort(AwsClientProvider provider) {
    this.provider = provider;
  }

  @Override
  public CompletionStage<Map<String, AlarmState>> states(Placement placement, List<String> names) {
    return AwsErrors.translated("read alarms " + names, CompletableFuture.supplyAsync(() -> {
      AwsCalls calls = provider.calls(provider.canonical(placement), CallPriority.READ);
      List<String> unique = names.stream().distinct().toList();
      List<CompletableFuture<Map<String, StateValue>>> chunks = new ArrayList<>();
      for (int start = 0; start < unique.size(); start += DescribeAlarms.MAX_NAMES) {
        chunks.add(DescribeAlarms.run(calls, unique.subList(start,
            Math.min(unique.size(), start + DescribeAlarms.MAX_NAMES))));
      }
      return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
        Map<String, StateValue> found = new HashMap<>();
        chunks.forEach(chunk -> found.putAll(chunk.join()));
        Map<String, AlarmState> out = new LinkedHashMap<>();
        unique.forEach(name -> out.put(name, stateOf(found.get(name))));
        return out;
      });
    }).thenCompose(stage -> stage));
  }

  private static AlarmState stateOf(StateValue value) {
    if (value == StateValue.OK) {
      return AlarmState.OK;
    }
    return value == StateValue.ALARM ? AlarmState.ALARM : AlarmState.INSUFFICIENT_DATA;
  }
}
