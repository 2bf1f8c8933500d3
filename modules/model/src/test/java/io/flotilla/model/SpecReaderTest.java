package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecReaderTest {
  /** The example of DESIGN.md §6, comments and all. */
  static final String DESIGN_YAML = """
      name: checkout                      # [a-z][a-z0-9-]{1,62}, unique in the fleet
      team: payments                      # owner, used for access control
      account: local                      # registered account id or alias
      region: local                       # e.g. us-east-1 for aws
      endpoint: {host: checkout.internal.example.com, port: 80}
      image: demo/checkout                # image repository; the release names the tag
      runtime:
        instanceType: t3.small
        minInstances: 2
        maxInstances: 4
        port: 8080
        args: []
        env: {}
        healthCheck: {path: /health, intervalSeconds: 10, healthyThreshold: 2}
      rollout:
        steps: [{weight: 5, hold: 5m}, {weight: 25, hold: 10m}, {weight: 50, hold: 10m}, {weight: 100}]
        # or preset: canary-10-5m | linear-10-every-1m | all-at-once
        preview: false
        environmentTimeout: 20m
      analysis:
        interval: 1m
        warmup: 30s
        minRequests: 100
        metrics:
          - {name: errors, type: error-rate, maxIncrease: 0.01, critical: true}
          - {name: p99, type: latency, percentile: 99, maxRatio: 1.25}
        alarms: []                        # CloudWatch alarm names (aws)
        onInconclusive: hold
      retention: {keepPreviousFor: 24h, maxLiveVersions: 2}
      """;

  static final String DESIGN_JSON = """
      {
        "name": "checkout", "team": "payments", "account": "local", "region": "local",
        "endpoint": {"host": "checkout.internal.example.com", "port": 80},
        "image": "demo/checkout",
        "runtime": {
          "instanceType": "t3.small", "minInstances": 2, "maxInstances": 4, "port": 8080, "args": [], "env": {},
          "healthCheck": {"path": "/health", "intervalSeconds": 10, "healthyThreshold": 2}
        },
        "rollout": {
          "steps": [{"weight": 5, "hold": "5m"}, {"weight": 25, "hold": "10m"}, {"weight": 50, "hold": "10m"},
                    {"weight": 100}],
          "preview": false,
          "environmentTimeout": "20m"
        },
        "analysis": {
          "interval": "1m", "warmup": "30s", "minRequests": 100,
          "metrics": [
            {"name": "errors", "type": "error-rate", "maxIncrease": 0.01, "critical": true},
            {"name": "p99", "type": "latency", "percentile": 99, "maxRatio": 1.25}
          ],
          "alarms": [],
          "onInconclusive": "hold"
        },
        "retention": {"keepPreviousFor": "24h", "maxLiveVersions": 2}
      }
      """;

  static final ServiceSpec DESIGN_SPEC = new ServiceSpec(
      "checkout", "payments", "local", "local",
      new EndpointAddress("checkout.internal.example.com", 80),
      "demo/checkout",
      new RuntimeSpec("t3.small", 2, 4, 8080, List.of(), Map.of(), new HealthCheck("/health", 10, 2)),
      new RolloutPolicy(null,
          List.of(new RolloutStep(5, Duration.ofMinutes(5)), new RolloutStep(25, Duration.ofMinutes(10)),
              new RolloutStep(50, Duration.ofMinutes(10)), new RolloutStep(100, Duration.ZERO)),
          false, Duration.ofMinutes(30), Duration.ofMinutes(20)),
      new AnalysisPolicy(Duration.ofMinutes(1), Duration.ofSeconds(30), 100,
          List.of(new MetricCheck("errors", MetricType.ERROR_RATE, 0.01, null, null, true),
              new MetricCheck("p99", MetricType.LATENCY, null, 99, 1.25, false)),
          List.of(), OnInconclusive.HOLD),
      new RetentionPolicy(Duration.ofHours(24), 2));

  @Test
  void readsTheDesignExampleFromYaml() {
    assertEquals(DESIGN_SPEC, SpecCodec.readYaml(DESIGN_YAML));
  }

  @Test
  void readsTheDesignExampleFromJson() {
    assertEquals(DESIGN_SPEC, SpecCodec.readJson(DESIGN_JSON));
  }

  @Test
  void readsArgsEnvAndAlarms() {
    ServiceSpec spec = TestSpecs.read("{runtime: {args: [--verbose, '1'], env: {LOG_LEVEL: debug, _X1: ''}}, "
        + "analysis: {alarms: [checkout-5xx, checkout-latency]}}");
    assertEquals(List.of("--verbose", "1"), spec.runtime().args());
    assertEquals(Map.of("LOG_LEVEL", "debug", "_X1", ""), spec.runtime().env());
    assertEquals(List.of("checkout-5xx", "checkout-latency"), spec.analysis().alarms());
  }

  @Test
  void reportsEveryErrorTogetherUnknownFieldsFirstInEachObject() {
    List<FieldError> errors = TestSpecs.errors("""
        {name: Checkout, foo: 1, image: null,
         runtime: {minInstances: 3, maxInstances: 2, port: '8080'},
         rollout: {steps: [{weight: 10}, {weight: 50}, {weight: 30}]},
         analysis: {interval: abc, metrics: [{name: errors, type: error-rate}]},
         retention: {maxLiveVersions: 1}}""");
    assertEquals(List.of(
        new FieldError("foo", "unknown field"),
        new FieldError("name", "must match [a-z][a-z0-9-]{1,62}"),
        new FieldError("image", "is required"),
        new FieldError("runtime.maxInstances", "must be >= runtime.minInstances (3)"),
        new FieldError("runtime.port", "must be an integer"),
        new FieldError("rollout.steps", "weights must increase (step 1 has 50, step 2 has 30)"),
        new FieldError("rollout.steps", "the last step must have weight 100"),
        new FieldError("analysis.interval", "'abc' is not a duration like 30s, 5m or 24h"),
        new FieldError("analysis.metrics[0].maxIncrease", "is required"),
        new FieldError("retention.maxLiveVersions", "must be between 2 and 10")), errors);
  }

  @Test
  void theExceptionMessageListsEveryError() {
    SpecValidationException e = assertThrows(SpecValidationException.class,
        () -> TestSpecs.read("{name: null, runtime: {port: 0}}"));
    assertEquals("name: is required; runtime.port: must be between 1 and 65535", e.getMessage());
  }

  static Stream<Arguments> unknownFields() {
    return Stream.of(
        Arguments.of("{foo: 1}", "foo"),
        Arguments.of("{endpoint: {hostname: x}}", "endpoint.hostname"),
        Arguments.of("{runtime: {cpu: 2}}", "runtime.cpu"),
        Arguments.of("{runtime: {healthCheck: {timeout: 5}}}", "runtime.healthCheck.timeout"),
        Arguments.of("{rollout: {steps: [{weight: 10}, {weight: 100, pause: true}]}}", "rollout.steps[1].pause"),
        Arguments.of("{analysis: {metrics: [{name: e, type: error-rate, maxIncrease: 0.1, threshold: 2}]}}",
            "analysis.metrics[0].threshold"),
        Arguments.of("{retention: {keepFor: 1h}}", "retention.keepFor"));
  }

  @ParameterizedTest
  @MethodSource("unknownFields")
  void rejectsUnknownFieldsAtEveryLevel(String snippet, String field) {
    assertEquals(List.of(new FieldError(field, "unknown field")), TestSpecs.errors(snippet));
  }

  @Test
  void suggestsTheFieldAnUnknownOneProbablyMeant() {
    assertEquals(List.of(new FieldError("runtime.minInstance", "unknown field (did you mean minInstances?)")),
        TestSpecs.errors("{runtime: {minInstance: 3}}"));
    assertEquals(List.of(new FieldError("Image", "unknown field (did you mean image?)")),
        TestSpecs.errors("{Image: x}"));
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("{name: 42}", "name", "must be a string"),
        Arguments.of("{runtime: {port: '8080'}}", "runtime.port", "must be an integer"),
        Arguments.of("{runtime: {minInstances: 2.5}}", "runtime.minInstances", "must be an integer"),
        Arguments.of("{runtime: {args: --verbose}}", "runtime.args", "must be a list"),
        Arguments.of("{runtime: {args: [1]}}", "runtime.args[0]", "must be a string"),
        Arguments.of("{runtime: {env: [A]}}", "runtime.env", "must be an object of NAME: value"),
        Arguments.of("{runtime: {env: {PORT: 8080}}}", "runtime.env.PORT",
            "must be a string (quote it, e.g. \"8080\")"),
        Arguments.of("{runtime: {healthCheck: /health}}", "runtime.healthCheck", "must be an object"),
        Arguments.of("{runtime: 4}", "runtime", "must be an object"),
        Arguments.of("{rollout: {preview: 'yes'}}", "rollout.preview", "must be true or false"),
        Arguments.of("{rollout: {steps: [{weight: 100, hold: 30}]}}", "rollout.steps[0].hold",
            "must be a duration like 30s, 5m or 24h"),
        Arguments.of("{rollout: {steps: [100]}}", "rollout.steps[0]", "must be an object"),
        Arguments.of("{rollout: {steps: [null]}}", "rollout.steps[0]", "must be an object"),
        Arguments.of("{analysis: {metrics: [{name: e, type: error-rate, maxIncrease: '0.1'}]}}",
            "analysis.metrics[0].maxIncrease", "must be a number"),
        Arguments.of("{analysis: {onInconclusive: [hold]}}", "analysis.onInconclusive", "must be a string"));
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void rejectsWrongTypesNamingTheExpectedOne(String snippet, String field, String message) {
    assertEquals(List.of(new FieldError(field, message)), TestSpecs.errors(snippet));
  }

  @Test
  void aDocumentThatIsNotAnObjectIsOneError() {
    assertEquals(List.of(new FieldError("$", "must be an object")),
        assertThrows(SpecValidationException.class, () -> SpecReader.read(TestSpecs.tree("[a, b]"))).errors());
  }
}
