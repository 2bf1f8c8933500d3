package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.Placement;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One set of async clients per (account, region), built on first use and closed on shutdown, each API family behind
 * its own rate limit there. All share one Netty HTTP client; each account's credentials come from assuming its role
 * (cached and refreshed by the SDK provider).
 */
public final class AwsClientProvider implements AutoCloseable {
  private final AwsSettings settings;
  private final Function<String, Optional<AwsAccount>> accounts;
  /** Keyed by the account as registered, so a changed role gets new credentials and clients. */
  private record ClientKey(AwsAccount account, String region) {}

  private final Map<ClientKey, AwsClients> clients = new ConcurrentHashMap<>();
  private final Map<AwsAccount, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
  private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();
  private final Map<Placement, ThrottleCounter> throttleCounters = new ConcurrentHashMap<>();
  // our own event loops, so closing does not wait out Netty's two-second quiet period
  private final EventLoopGroup eventLoops = new NioEventLoopGroup(2, runnable -> {
    Thread thread = new Thread(runnable, "flotilla-aws-io");
    thread.setDaemon(true);
    return thread;
  });
  private final SdkAsyncHttpClient httpClient = NettyNioAsyncHttpClient.builder()
      .eventLoopGroup(SdkEventLoopGroup.create(eventLoops)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "flotilla-aws-rate-limit");
    thread.setDaemon(true);
    return thread;
  });
  private final RetryStrategy retryStrategy;

  /** A provider for a fixed set of accounts. */
  public AwsClientProvider(AwsSettings settings, List<AwsAccount> accounts) {
    this(settings, idOrAlias -> accounts.stream()
        .filter(account -> account.id().equals(idOrAlias) || account.alias().equals(idOrAlias)).findFirst());
  }

  /** A provider that looks accounts up by id or alias when it first needs them (e.g. in the accounts registry). */
  public AwsClientProvider(AwsSettings settings, Function<String, Optional<AwsAccount>> accounts) {
    this.settings = settings;
    this.accounts = accounts;
    // full jitter: each retry waits a random time up to the exponential bound
    BackoffStrategy backoff = BackoffStrategy.exponentialDelay(settings.retryBaseDelay(), settings.retryMaxBackoff());
    this.retryStrategy = AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(settings.maxAttempts()).backoffStrategy(backoff).throttlingBackoffStrategy(backoff).build();
  }

  /** The account known by this id or alias. */
  public AwsAccount account(String idOrAlias) {
    return accounts.apply(idOrAlias).orElseThrow(() -> new CloudException("unknown AWS account " + idOrAlias
        + " (not in the accounts registry)", false));
  }

  AwsClients clients(Placement placement) {
    AwsAccount account = account(placement.account());
    return clients.computeIfAbsent(new ClientKey(account, placement.region()), key -> build(account, Region.of(key.region())));
  }

  /** The placement's clients, for calls made at {@code priority}. */
  AwsCalls calls(Placement placement, CallPriority priority) {
    return clients(placement).at(priority);
  }

  /** Rate-limit and throttling counters of every (account, region) used so far. */
  public List<AwsCallStats> stats() {
    List<AwsCallStats> out = new ArrayList<>();
    clients.forEach((key, placementClients) -> {
      Placement placement = new Placement(key.account().id(), key.region());
      Map<String, AwsCallStats.FamilyStats> families = new TreeMap<>();
      placementClients.gates().forEach((family, gate) ->
          families.put(family.key(), new AwsCallStats.FamilyStats(gate.started(), gate.delayed(), gate.waiting())));
      ThrottleCounter throttles = throttleCounters.get(placement);
      out.add(new AwsCallStats(placement.account(), placement.region(), families, throttles.total(), throttles.byOperation()));
    });
    out.sort(Comparator.comparing(AwsCallStats::account).thenComparing(AwsCallStats::region));
    return out;
  }

  /** The placement with the account named by id, whether it was given by id or alias. */
  public Placement canonical(Placement placement) {
    return new Placement(account(placement.account()).id(), placement.region());
  }

  private AwsClients build(AwsAccount account, Region region) {
    AwsCredentialsProvider accountCredentials = credentials.computeIfAbsent(account, key -> credentialsOf(account, region));
    ThrottleCounter throttles = throttleCounters.computeIfAbsent(new Placement(account.id(), region.id()), key -> new ThrottleCounter());
    Map<ApiFamily, CallGate> gates = new EnumMap<>(ApiFamily.class);
    for (ApiFamily family : ApiFamily.values()) {
      gates.put(family, new CallGate(settings.rateLimit(family), timer, System::nanoTime));
    }
    return new AwsClients(
        configure(Ec2AsyncClient.builder(), "ec2", region, accountCredentials, throttles).build(),
        configure(AutoScalingAsyncClient.builder(), "autoscaling", region, accountCredentials, throttles).build(),
        configure(ElasticLoadBalancingV2AsyncClient.builder(), "elbv2", region, accountCredentials, throttles).build(),
        configure(CloudWatchAsyncClient.builder(), "monitoring", region, accountCredentials, throttles).build(),
        Map.copyOf(gates));
  }

  private <B extends AwsAsyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
      B builder, String service, Region region, AwsCredentialsProvider accountCredentials, ThrottleCounter throttles) {
    builder.region(region).credentialsProvider(accountCredentials).httpClient(httpClient)
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(retryStrategy)
            .apiCallTimeout(settings.apiCallTimeout()).addMetricPublisher(throttles).build());
    URI override = settings.endpointOverrides().get(service);
    if (override != null) {
      builder.endpointOverride(override);
    }
    return builder;
  }

  private AwsCredentialsProvider credentialsOf(AwsAccount account, Region region) {
    if (account.roleArn().isEmpty()) {
      return settings.baseCredentials();
    }
    StsClient sts = stsClients.computeIfAbsent(account.id(), id -> {
      var builder = StsClient.builder().region(region).credentialsProvider(settings.baseCredentials());
      URI override = settings.endpointOverrides().get("sts");
      if (override != null) {
        builder.endpointOverride(override);
      }
      return builder.build();
    });
    return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
        .refreshRequest(request -> request.roleArn(account.roleArn().get()).roleSessionName("flotilla")
            .externalId(account.externalId().orElse(null)))
        .build();
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::close);
    credentials.values().stream().filter(AutoCloseable.class::isInstance).forEach(provider -> closeQuietly((AutoCloseable) provider));
    stsClients.values().forEach(StsClient::close);
    httpClient.close();
    eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    timer.shutdownNow();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Shutting down; nothing useful to do.
    }
  }

}
