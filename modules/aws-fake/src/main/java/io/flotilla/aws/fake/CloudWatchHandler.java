package io.flotilla.aws.fake;

import io.flotilla.aws.fake.RegionState.Alarm;
import io.flotilla.aws.fake.RegionState.Datum;
import io.flotilla.aws.fake.RegionState.MetricKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CloudWatch {@code GetMetricData} (metric stats only, no math expressions) and {@code DescribeAlarms}, over metrics
 * and alarms the test puts in. Every published value is kept, so a period's {@code Sum}, {@code SampleCount},
 * {@code Average}, {@code Minimum}, {@code Maximum} and percentiles ({@code p99}, {@code p99.9}; nearest rank) are
 * exact. Periods start at {@code StartTime} rounded down to the minute (to the period below 60 s), as CloudWatch
 * rounds recent start times; periods without data are left out.
 */
final class CloudWatchHandler implements FakeAws.ServiceHandler {
  static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
  static final String ELB_NAMESPACE = "AWS/ApplicationELB";
  private static final int MAX_QUERIES = 500;
  private static final int MAX_DATAPOINTS = 100_800;
  private static final int MAX_ALARM_NAMES = 100;
  private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");
  private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100)");
  private static final Set<String> STATS = Set.of("Sum", "SampleCount", "Average", "Minimum", "Maximum");
  private static final Set<String> ALARM_STATES = Set.of("OK", "ALARM", "INSUFFICIENT_DATA");

  private record Query(String id, String label, MetricKey metric, int period, String stat, boolean returnData) {}

  private record Series(Query query, List<Instant> timestamps, List<Double> values) {}

  @Override
  public String handle(String action, Params params, RegionState state, String requestId) {
    Xml result = switch (action) {
      case "GetMetricData" -> getMetricData(params, state);
      case "DescribeAlarms" -> describeAlarms(params, state);
      default -> throw FakeAws.unknownAction(action);
    };
    return FakeAws.queryResponse(action, NAMESPACE, requestId, result);
  }

  static void putMetric(RegionState state, String namespace, String metricName, Map<String, String> dimensions,
      Instant at, double value) {
    state.metrics.computeIfAbsent(new MetricKey(namespace, metricName, dimensions), key -> new ArrayList<>())
        .add(new Datum(at, value));
  }

  /**
   * Publishes what a load balancer reports for one of its target groups at {@code at}: the request count, the target
   * 5xx count (left out when zero, as AWS does) and each request's {@code TargetResponseTime} in seconds, under the
   * dimensions {@code TargetGroup} and {@code LoadBalancer} (the ARN suffixes {@code targetgroup/<name>/<id>} and
   * {@code app/<name>/<id>}).
   */
  static void recordTargetGroupTraffic(RegionState state, String loadBalancerArn, String targetGroupArn, Instant at,
      long requests, long errors5xx, double... latencyMillis) {
    if (!state.loadBalancers.containsKey(loadBalancerArn)) {
      throw new IllegalArgumentException("no load balancer " + loadBalancerArn);
    }
    if (!state.targetGroups.containsKey(targetGroupArn)) {
      throw new IllegalArgumentException("no target group " + targetGroupArn);
    }
    String loadBalancer = loadBalancerArn.substring(loadBalancerArn.indexOf(":loadbalancer/") + 14);
    Map<String, String> dimensions = Map.of("TargetGroup",
        targetGroupArn.substring(targetGroupArn.lastIndexOf(':') + 1), "LoadBalancer", loadBalancer);
    putMetric(state, ELB_NAMESPACE, "RequestCount", dimensions, at, requests);
    if (errors5xx > 0) {
      putMetric(state, ELB_NAMESPACE, "HTTPCode_Target_5XX_Count", dimensions, at, errors5xx);
    }
    for (double millis : latencyMillis) {
      putMetric(state, ELB_NAMESPACE, "TargetResponseTime", dimensions, at, millis / 1000);
    }
  }

  static void setAlarm(RegionState state, String name, String alarmState, Instant now) {
    if (!ALARM_STATES.contains(alarmState)) {
      throw new IllegalArgumentException("alarm state must be one of " + ALARM_STATES + ": " + alarmState);
    }
    Alarm alarm = state.alarms.computeIfAbsent(name, key -> new Alarm(key,
        "arn:aws:cloudwatch:" + state.region + ":" + state.account + ":alarm:" + key, alarmState, now));
    if (!alarm.state.equals(alarmState)) {
      alarm.state = alarmState;
      alarm.updated = now;
    }
  }

  private Xml getMetricData(Params params, RegionState state) {
    List<Params> members = params.list("MetricDataQueries.member");
    if (members.isEmpty()) {
      throw FakeAwsError.validation("ValidationError", "The parameter MetricDataQueries is required.");
    }
    if (members.size() > MAX_QUERIES) {
      throw FakeAwsError.validation("ValidationError",
          "The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
    }
    Instant start = time(params, "StartTime");
    Instant end = time(params, "EndTime");
    if (!start.isBefore(end)) {
      throw FakeAwsError.validation("ValidationError",
          "The parameter StartTime must be less than the parameter EndTime.");
    }
    int maxDatapoints = params.intOr("MaxDatapoints", MAX_DATAPOINTS);
    if (maxDatapoints < 1) {
      throw FakeAwsError.validation("ValidationError", "The parameter MaxDatapoints must be greater than 0.");
    }
    boolean ascending = params.get("ScanBy").map("TimestampAscending"::equals).orElse(false);
    List<Series> all = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Params member : members) {
      Query query = query(member);
      if (!ids.add(query.id())) {
        throw FakeAwsError.validation("ValidationError",
            "The values for parameter id in MetricDataQueries are not unique.");
      }
      if (query.returnData()) {
        all.add(series(query, state.metrics.getOrDefault(query.metric(), List.of()), start, end, ascending));
      }
    }
    int offset = params.get("NextToken").map(CloudWatchHandler::offset).orElse(0);
    int total = all.stream().mapToInt(series -> series.values().size()).sum();
    int pageEnd = (int) Math.min((long) offset + maxDatapoints, total);
    Xml xml = new Xml().open("MetricDataResults");
    int before = 0;
    for (Series series : all) {
      int size = series.values().size();
      int from = Math.max(0, Math.min(size, offset - before));
      int to = Math.max(0, Math.min(size, pageEnd - before));
      before += size;
      xml.open("member").leaf("Id", series.query().id()).leaf("Label", series.query().label())
          .open("Timestamps");
      series.timestamps().subList(from, to).forEach(at -> xml.time("member", at));
      xml.close("Timestamps").open("Values");
      series.values().subList(from, to).forEach(value -> xml.leaf("member", value));
      xml.close("Values").leaf("StatusCode", to < size ? "PartialData" : "Complete").close("member");
    }
    xml.close("MetricDataResults").open("Messages").close("Messages");
    if (pageEnd < total) {
      xml.leaf("NextToken", "fake-datapoints-" + pageEnd);
    }
    return xml;
  }

  private static Query query(Params member) {
    String id = member.require("Id");
    if (!QUERY_ID.matcher(id).matches()) {
      throw FakeAwsError.validation("ValidationError", "The value " + id + " for parameter MetricDataQueries.member.Id"
          + " is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.");
    }
    if (member.get("Expression").isPresent()) {
      throw FakeAwsError.validation("ValidationError", "Metric math expressions are not supported by this fake");
    }
    Params stat = member.sub("MetricStat");
    String namespace = stat.require("Metric.Namespace");
    String name = stat.require("Metric.MetricName");
    Map<String, String> dimensions = new TreeMap<>();
    for (Params dimension : stat.list("Metric.Dimensions.member")) {
      dimensions.put(dimension.require("Name"), dimension.require("Value"));
    }
    int period = stat.intOr("Period", 0);
    if (period <= 0 || (period % 60 != 0 && !List.of(1, 5, 10, 20, 30).contains(period))) {
      throw FakeAwsError.validation("InvalidParameterValue",
          "The parameter MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60.");
    }
    String statistic = stat.require("Stat");
    if (!STATS.contains(statistic) && !PERCENTILE.matcher(statistic).matches()) {
      throw FakeAwsError.validation("InvalidParameterValue",
          "The statistic " + statistic + " is not supported by this fake");
    }
    boolean returnData = member.get("ReturnData").map(Boolean::parseBoolean).orElse(true);
    return new Query(id, member.get("Label").orElse(name), new MetricKey(namespace, name, dimensions), period,
        statistic, returnData);
  }

  private static Series series(Query query, List<Datum> data, Instant start, Instant end, boolean ascending) {
    long period = query.period();
    long first = start.getEpochSecond() - Math.floorMod(start.getEpochSecond(), Math.min(period, 60));
    Map<Long, List<Double>> buckets = new TreeMap<>();
    for (Datum datum : data) {
      if (datum.at().getEpochSecond() >= first && datum.at().isBefore(end)) {
        long bucket = first + (datum.at().getEpochSecond() - first) / period * period;
        buckets.computeIfAbsent(bucket, key -> new ArrayList<>()).add(datum.value());
      }
    }
    List<Instant> timestamps = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    buckets.forEach((bucket, bucketValues) -> {
      timestamps.add(Instant.ofEpochSecond(bucket));
      values.add(statistic(query.stat(), bucketValues));
    });
    if (!ascending) {
      Collections.reverse(timestamps);
      Collections.reverse(values);
    }
    return new Series(query, timestamps, values);
  }

  private static double statistic(String stat, List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return switch (stat) {
      case "Sum" -> Arrays.stream(sorted).sum();
      case "SampleCount" -> sorted.length;
      case "Average" -> Arrays.stream(sorted).average().orElse(0);
      case "Minimum" -> sorted[0];
      case "Maximum" -> sorted[sorted.length - 1];
      default -> {
        double level = Double.parseDouble(stat.substring(1));
        int rank = (int) Math.ceil(level / 100 * sorted.length);
        yield sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
      }
    };
  }

  private Xml describeAlarms(Params params, RegionState state) {
    List<String> names = params.strings("AlarmNames.member");
    if (names.size() > MAX_ALARM_NAMES) {
      throw FakeAwsError.validation("ValidationError",
          "The collection AlarmNames must not have a size greater than " + MAX_ALARM_NAMES + ".");
    }
    String prefix = params.get("AlarmNamePrefix").orElse(null);
    if (prefix != null && !names.isEmpty()) {
      throw FakeAwsError.validation("InvalidParameterCombination",
          "AlarmNamePrefix and AlarmNames cannot be specified together.");
    }
    int maxRecords = params.intOr("MaxRecords", 50);
    if (maxRecords < 1 || maxRecords > 100) {
      throw FakeAwsError.validation("ValidationError", "The parameter MaxRecords must be between 1 and 100.");
    }
    List<String> types = params.strings("AlarmTypes.member");
    boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
    String stateValue = params.get("StateValue").orElse(null);
    Set<String> wanted = new HashSet<>(names);
    List<Alarm> matching = state.alarms.values().stream()
        .filter(alarm -> names.isEmpty() || wanted.contains(alarm.name))
        .filter(alarm -> prefix == null || alarm.name.startsWith(prefix))
        .filter(alarm -> stateValue == null || alarm.state.equals(stateValue))
        .filter(alarm -> metricAlarms)
        .toList();
    int offset = params.get("NextToken").map(CloudWatchHandler::offset).orElse(0);
    int pageEnd = Math.min(offset + maxRecords, matching.size());
    Xml xml = new Xml().open("MetricAlarms");
    for (Alarm alarm : matching.subList(Math.min(offset, pageEnd), pageEnd)) {
      xml.open("member").leaf("AlarmName", alarm.name).leaf("AlarmArn", alarm.arn).leaf("ActionsEnabled", true)
          .leaf("StateValue", alarm.state).leaf("StateReason", "set by the test")
          .time("StateUpdatedTimestamp", alarm.updated).close("member");
    }
    xml.close("MetricAlarms");
    if (types.contains("CompositeAlarm")) {
      xml.open("CompositeAlarms").close("CompositeAlarms");
    }
    if (pageEnd < matching.size()) {
      xml.leaf("NextToken", "fake-alarms-" + pageEnd);
    }
    return xml;
  }

  private static Instant time(Params params, String name) {
    String text = params.require(name);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw FakeAwsError.validation("ValidationError", "The parameter " + name + " is not a valid timestamp: " + text);
    }
  }

  private static int offset(String token) {
    try {
      return Integer.parseInt(token.substring(token.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      throw FakeAwsError.validation("InvalidNextToken", "The service returned an invalid NextToken.");
    }
  }
}
