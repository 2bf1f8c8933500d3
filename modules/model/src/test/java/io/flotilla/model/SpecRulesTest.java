package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One failing case per rule of a spec: the snippet, merged into a valid spec, yields exactly one error there. */
class SpecRulesTest {
  static Stream<Arguments> topLevel() {
    return Stream.of(
        rule("{name: null}", "name"),
        rule("{image: null}", "image"),
        rule("{name: Checkout}", "name"),
        rule("{name: c}", "name"),
        rule("{name: 1checkout}", "name"),
        rule("{name: check_out}", "name"),
        rule("{name: " + "c".repeat(64) + "}", "name"),
        rule("{team: ''}", "team"),
        rule("{team: pay ments}", "team"),
        rule("{account: a/b}", "account"),
        rule("{region: " + "r".repeat(65) + "}", "region"),
        rule("{endpoint: {host: bad_host}}", "endpoint.host"),
        rule("{endpoint: {host: -checkout.example.com}}", "endpoint.host"),
        rule("{endpoint: {host: checkout..example.com}}", "endpoint.host"),
        rule("{endpoint: {host: " + "h".repeat(64) + ".example.com}}", "endpoint.host"),
        rule("{endpoint: {port: 65536}}", "endpoint.port"),
        rule("{endpoint: {port: -1}}", "endpoint.port"),
        rule("{endpoint: 'checkout:80'}", "endpoint"),
        rule("{image: ''}", "image"),
        rule("{image: ' '}", "image"),
        rule("{image: demo/check out}", "image"));
  }

  static Stream<Arguments> runtime() {
    return Stream.of(
        rule("{runtime: {instanceType: ''}}", "runtime.instanceType"),
        rule("{runtime: {minInstances: 0}}", "runtime.minInstances"),
        rule("{runtime: {minInstances: 101}}", "runtime.minInstances"),
        rule("{runtime: {maxInstances: 101}}", "runtime.maxInstances"),
        rule("{runtime: {minInstances: 5, maxInstances: 3}}", "runtime.maxInstances"),
        rule("{runtime: {maxInstances: 1}}", "runtime.maxInstances"),
        rule("{runtime: {port: 0}}", "runtime.port"),
        rule("{runtime: {port: 65536}}", "runtime.port"),
        rule("{runtime: {port: 99999999999999}}", "runtime.port"),
        rule("{runtime: {env: {1X: a}}}", "runtime.env.1X"),
        rule("{runtime: {env: {MY-VAR: a}}}", "runtime.env.MY-VAR"),
        rule("{runtime: {env: {A: null}}}", "runtime.env.A"),
        rule("{runtime: {healthCheck: {path: health}}}", "runtime.healthCheck.path"),
        rule("{runtime: {healthCheck: {intervalSeconds: 0}}}", "runtime.healthCheck.intervalSeconds"),
        rule("{runtime: {healthCheck: {intervalSeconds: 301}}}", "runtime.healthCheck.intervalSeconds"),
        rule("{runtime: {healthCheck: {healthyThreshold: 0}}}", "runtime.healthCheck.healthyThreshold"),
        rule("{runtime: {healthCheck: {healthyThreshold: 11}}}", "runtime.healthCheck.healthyThreshold"));
  }

  static Stream<Arguments> rollout() {
    return Stream.of(
        rule("{rollout: {steps: []}}", "rollout.steps"),
        rule("{rollout: {steps: " + steps(21) + "}}", "rollout.steps"),
        rule("{rollout: {steps: {weight: 100}}}", "rollout.steps"),
        rule("{rollout: {steps: [{weight: 0}, {weight: 100}]}}", "rollout.steps[0].weight"),
        rule("{rollout: {steps: [{weight: 10}, {weight: 101}]}}", "rollout.steps[1].weight"),
        rule("{rollout: {steps: [{weight: 10.5}, {weight: 100}]}}", "rollout.steps[0].weight"),
        rule("{rollout: {steps: [{hold: 1m}, {weight: 100}]}}", "rollout.steps[0].weight"),
        rule("{rollout: {steps: [{weight: 10, hold: 8d}, {weight: 100}]}}", "rollout.steps[0].hold"),
        rule("{rollout: {steps: [{weight: 10, hold: soon}, {weight: 100}]}}", "rollout.steps[0].hold"),
        rule("{rollout: {steps: [{weight: 50}, {weight: 50}, {weight: 100}]}}", "rollout.steps"),
        rule("{rollout: {steps: [{weight: 10}, {weight: 90}]}}", "rollout.steps"),
        rule("{rollout: {preset: all-at-once, steps: [{weight: 100}]}}", "rollout"),
        rule("{rollout: {preset: fast}}", "rollout.preset"),
        rule("{rollout: {preset: canary-100-5m}}", "rollout.preset"),
        rule("{rollout: {preset: canary-10-8d}}", "rollout.preset"),
        rule("{rollout: {preset: linear-4-every-1m}}", "rollout.preset"),
        rule("{rollout: {preset: 10}}", "rollout.preset"),
        rule("{rollout: {preview: 1}}", "rollout.preview"),
        rule("{rollout: {previewHold: 0s}}", "rollout.previewHold"),
        rule("{rollout: {previewHold: 8d}}", "rollout.previewHold"),
        rule("{rollout: {environmentTimeout: 5s}}", "rollout.environmentTimeout"),
        rule("{rollout: {environmentTimeout: 25h}}", "rollout.environmentTimeout"));
  }

  static Stream<Arguments> analysis() {
    return Stream.of(
        rule("{analysis: {interval: 500ms}}", "analysis.interval"),
        rule("{analysis: {interval: 2h}}", "analysis.interval"),
        rule("{analysis: {interval: abc}}", "analysis.interval"),
        rule("{analysis: {warmup: 1h1s}}", "analysis.warmup"),
        rule("{analysis: {minRequests: -1}}", "analysis.minRequests"),
        rule("{analysis: {minRequests: 1000000001}}", "analysis.minRequests"),
        rule("{analysis: {metrics: " + metrics(21) + "}}", "analysis.metrics"),
        rule("{analysis: {metrics: {name: e}}}", "analysis.metrics"),
        rule("{analysis: {metrics: [null]}}", "analysis.metrics[0]"),
        rule(metric("{type: error-rate, maxIncrease: 0.1}"), "analysis.metrics[0].name"),
        rule(metric("{name: Errors, type: error-rate, maxIncrease: 0.1}"), "analysis.metrics[0].name"),
        rule(metric("{name: 5xx, type: error-rate, maxIncrease: 0.1}"), "analysis.metrics[0].name"),
        rule("{analysis: {metrics: [" + errorRate("e") + ", " + errorRate("e") + "]}}", "analysis.metrics[1].name"),
        rule(metric("{name: e, maxIncrease: 0.1}"), "analysis.metrics[0].type"),
        rule(metric("{name: e, type: median}"), "analysis.metrics[0].type"),
        rule(metric("{name: e, type: error-rate}"), "analysis.metrics[0].maxIncrease"),
        rule(metric("{name: e, type: error-rate, maxIncrease: 0}"), "analysis.metrics[0].maxIncrease"),
        rule(metric("{name: e, type: error-rate, maxIncrease: 1.5}"), "analysis.metrics[0].maxIncrease"),
        rule(metric("{name: e, type: error-rate, maxIncrease: 0.1, percentile: 99}"), "analysis.metrics[0].percentile"),
        rule(metric("{name: e, type: error-rate, maxIncrease: 0.1, maxRatio: 2}"), "analysis.metrics[0].maxRatio"),
        rule(metric("{name: l, type: latency, maxRatio: 1.5}"), "analysis.metrics[0].percentile"),
        rule(metric("{name: l, type: latency, percentile: 0, maxRatio: 1.5}"), "analysis.metrics[0].percentile"),
        rule(metric("{name: l, type: latency, percentile: 101, maxRatio: 1.5}"), "analysis.metrics[0].percentile"),
        rule(metric("{name: l, type: latency, percentile: 99.9, maxRatio: 1.5}"), "analysis.metrics[0].percentile"),
        rule(metric("{name: l, type: latency, percentile: 99}"), "analysis.metrics[0].maxRatio"),
        rule(metric("{name: l, type: latency, percentile: 99, maxRatio: 1}"), "analysis.metrics[0].maxRatio"),
        rule(metric("{name: l, type: latency, percentile: 99, maxRatio: 101}"), "analysis.metrics[0].maxRatio"),
        rule(metric("{name: l, type: latency, percentile: 99, maxRatio: 2, maxIncrease: 0.1}"),
            "analysis.metrics[0].maxIncrease"),
        rule(metric("{name: e, type: error-rate, maxIncrease: 0.1, critical: 'true'}"), "analysis.metrics[0].critical"),
        rule("{analysis: {alarms: ['']}}", "analysis.alarms[0]"),
        rule("{analysis: {alarms: [ok, 1]}}", "analysis.alarms[1]"),
        rule("{analysis: {alarms: checkout-5xx}}", "analysis.alarms"),
        rule("{analysis: {onInconclusive: wait}}", "analysis.onInconclusive"));
  }

  static Stream<Arguments> retention() {
    return Stream.of(
        rule("{retention: {keepPreviousFor: 31d}}", "retention.keepPreviousFor"),
        rule("{retention: {keepPreviousFor: 10}}", "retention.keepPreviousFor"),
        rule("{retention: {maxLiveVersions: 1}}", "retention.maxLiveVersions"),
        rule("{retention: {maxLiveVersions: 11}}", "retention.maxLiveVersions"));
  }

  @ParameterizedTest
  @MethodSource({"topLevel", "runtime", "rollout", "analysis", "retention"})
  void rejectsTheInvalidFieldByItsPath(String snippet, String field) {
    assertEquals(List.of(field), TestSpecs.errorFields(snippet), snippet);
  }

  static Stream<Arguments> messages() {
    return Stream.of(
        message("{rollout: {steps: [{weight: 10}, {weight: 101}]}}", "rollout.steps[1].weight",
            "must be between 1 and 100"),
        message("{name: Checkout}", "name", "must match [a-z][a-z0-9-]{1,62}"),
        message("{runtime: {maxInstances: 1}}", "runtime.maxInstances", "must be >= runtime.minInstances (2)"),
        message("{rollout: {steps: [{weight: 10}, {weight: 50}, {weight: 30}, {weight: 100}]}}", "rollout.steps",
            "weights must increase (step 1 has 50, step 2 has 30)"),
        message("{rollout: {steps: [{weight: 10}, {weight: 90}]}}", "rollout.steps",
            "the last step must have weight 100"),
        message("{rollout: {preset: all-at-once, steps: [{weight: 100}]}}", "rollout",
            "give either preset or steps, not both"),
        message("{analysis: {interval: abc}}", "analysis.interval", "'abc' is not a duration like 30s, 5m or 24h"),
        message("{analysis: {interval: 2h}}", "analysis.interval", "must be between 1s and 1h"),
        message("{retention: {keepPreviousFor: 31d}}", "retention.keepPreviousFor", "must be at most 30d"),
        message("{runtime: {port: '8080'}}", "runtime.port", "must be an integer"),
        message("{foo: 1}", "foo", "unknown field"),
        message("{image: null}", "image", "is required"),
        message("{image: demo/check out}", "image", "must not contain whitespace"),
        message("{endpoint: {host: bad_host}}", "endpoint.host", "'bad_host' is not a valid host name"),
        message("{rollout: {steps: []}}", "rollout.steps", "must have 1 to 20 steps"),
        message(metric("{name: e, type: error-rate, maxIncrease: 2}"), "analysis.metrics[0].maxIncrease",
            "must be greater than 0 and at most 1"),
        message(metric("{name: l, type: latency, percentile: 99, maxRatio: 0.5}"), "analysis.metrics[0].maxRatio",
            "must be greater than 1 and at most 100"),
        message(metric("{name: e, type: error-rate, maxIncrease: 0.1, percentile: 99}"),
            "analysis.metrics[0].percentile", "not allowed for type error-rate"),
        message("{analysis: {metrics: [" + errorRate("e") + ", " + errorRate("e") + "]}}",
            "analysis.metrics[1].name", "duplicate metric name 'e'"),
        message(metric("{name: e, type: median}"), "analysis.metrics[0].type", "must be one of error-rate, latency"),
        message("{analysis: {onInconclusive: wait}}", "analysis.onInconclusive",
            "must be one of hold, rollback, proceed"),
        message("{runtime: {env: {1X: a}}}", "runtime.env.1X", "name must match [A-Za-z_][A-Za-z0-9_]*"));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void explainsWhatIsWrong(String snippet, String field, String message) {
    assertEquals(List.of(new FieldError(field, message)), TestSpecs.errors(snippet));
  }

  static Stream<Arguments> validEdges() {
    return Stream.of(
        Arguments.of("{name: ab}"),
        Arguments.of("{name: a" + "b".repeat(62) + "}"),
        Arguments.of("{team: Pay.ments_2-x, account: '123456789012', region: us-east-1}"),
        Arguments.of("{endpoint: {host: localhost, port: 65535}}"),
        Arguments.of("{endpoint: {host: 10.0.0.1}}"),
        Arguments.of("{runtime: {minInstances: 100, maxInstances: 100, port: 1}}"),
        Arguments.of("{runtime: {minInstances: 1, maxInstances: 1}}"),
        Arguments.of("{runtime: {healthCheck: {path: /, intervalSeconds: 300, healthyThreshold: 10}}}"),
        Arguments.of("{rollout: {steps: " + steps(20) + "}}"),
        Arguments.of("{rollout: {steps: [{weight: 100, hold: 7d}]}}"),
        Arguments.of("{rollout: {preset: linear-5-every-7d, previewHold: 1s, environmentTimeout: 10s}}"),
        Arguments.of("{rollout: {previewHold: 7d, environmentTimeout: 24h}}"),
        Arguments.of("{analysis: {interval: 1s, warmup: 0s, minRequests: 0}}"),
        Arguments.of("{analysis: {interval: 1h, warmup: 1h, minRequests: 1000000000}}"),
        Arguments.of("{analysis: {metrics: " + metrics(20) + "}}"),
        Arguments.of(metric("{name: e, type: error-rate, maxIncrease: 1}")),
        Arguments.of(metric("{name: l_1-x, type: latency, percentile: 100, maxRatio: 100}")),
        Arguments.of("{retention: {keepPreviousFor: 0s, maxLiveVersions: 10}}"),
        Arguments.of("{retention: {keepPreviousFor: 30d}}"));
  }

  @ParameterizedTest
  @MethodSource("validEdges")
  void acceptsValuesAtTheEdgesOfEachRange(String snippet) {
    TestSpecs.read(snippet);
  }

  private static Arguments rule(String snippet, String field) {
    return Arguments.of(snippet, field);
  }

  private static Arguments message(String snippet, String field, String message) {
    return Arguments.of(snippet, field, message);
  }

  private static String metric(String metric) {
    return "{analysis: {metrics: [" + metric + "]}}";
  }

  private static String errorRate(String name) {
    return "{name: " + name + ", type: error-rate, maxIncrease: 0.1}";
  }

  /** {@code count} increasing steps ending at 100. */
  private static String steps(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> "{weight: " + (i == count ? 100 : i) + "}")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String metrics(int count) {
    return IntStream.range(0, count).mapToObj(i -> errorRate("m" + i)).collect(Collectors.joining(", ", "[", "]"));
  }
}
