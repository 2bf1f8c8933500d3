package io.flotilla.cloud.aws;

import io.flotilla.aws.fake.FakeAws;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentInfo;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.EnvironmentStatus;
import io.flotilla.cloud.Placement;
import io.flotilla.model.EndpointAddress;
import io.flotilla.model.HealthCheck;
import io.flotilla.model.RuntimeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The adapter wired to a fake AWS on loopback: Flotilla's home account 111111111111 (its own static credentials) and
 * a target account 222222222222 reached by assuming a role, each with a load balancer in us-east-1.
 */
final class AwsFakeFixture implements AutoCloseable {
  static final String HOME = "111111111111";
  static final String TARGET = "222222222222";
  static final String REGION = "us-east-1";
  static final String TARGET_ROLE = "arn:aws:iam::" + TARGET + ":role/flotilla-deploy";
  static final String EXTERNAL_ID = "flotilla-test";

  final FakeAws fake;
  final AwsClientProvider provider;
  final AwsEnvironmentPort environments;
  final AwsTrafficPort traffic;
  final AwsPreviewPort previews;
  final AwsMetricsPort metrics;
  final AwsAlarmPort alarms;

  AwsFakeFixture(Duration healthyAfter) {
    this(healthyAfter, settings -> settings);
  }

  /** A fixture whose adapter settings (say, rate limits) {@code customize} adjusts. */
  AwsFakeFixture(Duration healthyAfter, java.util.function.UnaryOperator<AwsSettings> customize) {
    fake = FakeAws.start().registerAccount("AKIAHOME", HOME).healthyAfter(healthyAfter);
    Map<Placement, AwsNetwork> networks = Map.of(
        new Placement(HOME, REGION), new AwsNetwork("vpc-home", List.of("subnet-a", "subnet-b"), fake.createLoadBalancer(HOME, REGION, "home-alb")),
        new Placement(TARGET, REGION), new AwsNetwork("vpc-target", List.of("subnet-c"), fake.createLoadBalancer(TARGET, REGION, "target-alb")));
    AwsSettings settings = AwsSettings.defaults(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAHOME", "secret")), "flotilla-test")
        .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(50))
        .withEndpointOverrides(Map.of("ec2", fake.endpoint("ec2"), "autoscaling", fake.endpoint("autoscaling"),
            "elbv2", fake.endpoint("elbv2"), "sts", fake.endpoint("sts"),
            "monitoring", fake.endpoint("monitoring")));
    settings = customize.apply(settings);
    provider = new AwsClientProvider(settings, List.of(
        AwsAccount.home(HOME, "home"), AwsAccount.viaRole(TARGET, "target", TARGET_ROLE, EXTERNAL_ID)));
    environments = new AwsEnvironmentPort(provider, networks::get, settings.owner());
    traffic = new AwsTrafficPort(provider, networks::get, settings.owner());
    previews = new AwsPreviewPort(provider, networks::get, settings.owner());
    metrics = new AwsMetricsPort(provider);
    alarms = new AwsAlarmPort(provider);
  }

  static Placement home() {
    return new Placement(HOME, REGION);
  }

  static Placement target() {
    return new Placement(TARGET, REGION);
  }

  static EnvironmentRequest request(Placement placement, String service, String version) {
    RuntimeSpec runtime = new RuntimeSpec("t3.micro", 2, 4, 8080, List.of(), Map.of(), HealthCheck.DEFAULT);
    return new EnvironmentRequest(service + "-" + version + "-r1", placement, service, version, 1, "ami-12345678", runtime, Map.of("team", "payments"));
  }

  static EndpointRef endpoint(Placement placement, String service) {
    return new EndpointRef(placement, service, new EndpointAddress(service + ".example.com", 80));
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Polls describe until the environment is healthy. */
  EnvironmentInfo awaitHealthy(Placement placement, String environmentId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      EnvironmentInfo info = await(environments.describe(placement, environmentId)).orElseThrow();
      if (info.status() == EnvironmentStatus.HEALTHY || System.nanoTime() > deadline) {
        return info;
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    provider.close();
    fake.close();
  }
}
