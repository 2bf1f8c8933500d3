package io.flotilla.server;

import com.typesafe.config.Config;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.aws.ApiFamily;
import io.flotilla.cloud.aws.AwsAccount;
import io.flotilla.cloud.aws.AwsCallStats;
import io.flotilla.cloud.aws.AwsCloud;
import io.flotilla.cloud.aws.AwsNetwork;
import io.flotilla.cloud.aws.AwsSettings;
import io.flotilla.cloud.aws.RateLimit;
import io.flotilla.engine.accounts.Accounts;
import io.flotilla.model.Account;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds the AWS cloud from {@code flotilla.cloud.aws} (see cloud.conf and docs/aws.md). Accounts come from the
 * registry the engine keeps, which starts after the cloud: they are looked up through {@code accounts} when first
 * used.
 */
final class AwsBoot {
  private AwsBoot() {}

  static CloudBoot.Started start(Config config, Supplier<Accounts> accounts) {
    Config aws = config.getConfig("flotilla.cloud.aws");
    AwsSettings settings = settings(aws, config.getString("flotilla.owner"));
    Map<Placement, AwsNetwork> networks = networks(aws);
    AwsCloud cloud = AwsCloud.start(settings, idOrAlias -> Optional.ofNullable(accounts.get())
        .flatMap(registry -> registry.cached(idOrAlias)).map(AwsBoot::awsAccount), networks,
        aws.getDuration("metrics-batch-window"));
    String description = "AWS (owner tag '" + settings.owner() + "', networks for " + networks.size()
        + " account-region pair" + (networks.size() == 1 ? "" : "s")
        + (settings.endpointOverrides().isEmpty() ? "" : ", endpoint overrides " + settings.endpointOverrides().keySet()) + ")";
    return new CloudBoot.Started(cloud.provider(), description, null, cloud, List.of(out -> writeStats(cloud, out)));
  }

  /** The rate limits' and AWS throttling's counters, per (account, region). */
  static void writeStats(AwsCloud cloud, StringBuilder out) {
    List<AwsCallStats> stats = cloud.stats();
    out.append("# HELP flotilla_aws_calls_started_total AWS calls started, per account, region and API family.\n")
        .append("# TYPE flotilla_aws_calls_started_total counter\n");
    stats.forEach(placement -> placement.families().forEach((family, counts) -> out.append("flotilla_aws_calls_started_total")
        .append(labels(placement, "family", family)).append(' ').append(counts.started()).append('\n')));
    out.append("# HELP flotilla_aws_calls_delayed_total AWS calls that waited for their rate limit.\n")
        .append("# TYPE flotilla_aws_calls_delayed_total counter\n");
    stats.forEach(placement -> placement.families().forEach((family, counts) -> out.append("flotilla_aws_calls_delayed_total")
        .append(labels(placement, "family", family)).append(' ').append(counts.delayed()).append('\n')));
    out.append("# HELP flotilla_aws_calls_waiting AWS calls waiting for their rate limit now.\n")
        .append("# TYPE flotilla_aws_calls_waiting gauge\n");
    stats.forEach(placement -> placement.families().forEach((family, counts) -> out.append("flotilla_aws_calls_waiting")
        .append(labels(placement, "family", family)).append(' ').append(counts.waiting()).append('\n')));
    out.append("# HELP flotilla_aws_throttled_total Attempts AWS answered with throttling (retried by the SDK).\n")
        .append("# TYPE flotilla_aws_throttled_total counter\n");
    stats.forEach(placement -> placement.throttledByOperation().forEach((operation, count) -> out
        .append("flotilla_aws_throttled_total").append(labels(placement, "operation", operation)).append(' ')
        .append(count).append('\n')));
  }

  private static String labels(AwsCallStats placement, String key, String value) {
    return "{account=\"" + placement.account() + "\",region=\"" + placement.region() + "\"," + key + "=\"" + value + "\"}";
  }

  static AwsSettings settings(Config aws, String owner) {
    String accessKey = aws.getString("access-key-id");
    String secretKey = aws.getString("secret-access-key");
    if (accessKey.isBlank() != secretKey.isBlank()) {
      throw new IllegalArgumentException(
          "flotilla.cloud.aws: set both access-key-id and secret-access-key, or neither (to use the default chain)");
    }
    AwsCredentialsProvider credentials = accessKey.isBlank() ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    AwsSettings settings = AwsSettings.defaults(credentials, owner)
        .withRetries(aws.getInt("max-attempts"), aws.getDuration("retry-base-delay"), aws.getDuration("retry-max-backoff"))
        .withApiCallTimeout(aws.getDuration("api-call-timeout"));
    Config limits = aws.getConfig("rate-limits");
    for (String key : limits.root().keySet()) {
      ApiFamily family;
      try {
        family = ApiFamily.ofKey(key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("flotilla.cloud.aws.rate-limits." + key + ": " + e.getMessage());
      }
      Config limit = limits.getConfig(key);
      settings = settings.withRateLimit(family, new RateLimit(limit.getDouble("per-second"), limit.getInt("burst")));
    }
    Map<String, URI> overrides = new HashMap<>();
    Config endpointOverrides = aws.getConfig("endpoint-overrides");
    for (String service : endpointOverrides.root().keySet()) {
      overrides.put(service, URI.create(endpointOverrides.getString(service)));
    }
    return settings.withEndpointOverrides(overrides);
  }

  static Map<Placement, AwsNetwork> networks(Config aws) {
    Map<Placement, AwsNetwork> out = new HashMap<>();
    int index = 0;
    for (Config network : aws.getConfigList("networks")) {
      String path = "flotilla.cloud.aws.networks[" + index++ + "]";
      if (network.getStringList("subnet-ids").isEmpty()) {
        throw new IllegalArgumentException(path + ".subnet-ids: list at least one subnet");
      }
      Placement placement = new Placement(network.getString("account"), network.getString("region"));
      if (out.put(placement, new AwsNetwork(network.getString("vpc-id"), network.getStringList("subnet-ids"),
          network.getString("load-balancer-arn"))) != null) {
        throw new IllegalArgumentException(path + ": a second network for " + placement.account() + " in " + placement.region());
      }
    }
    return out;
  }

  static AwsAccount awsAccount(Account account) {
    return account.role().isPresent()
        ? AwsAccount.viaRole(account.id(), account.alias(), account.roleArn(), account.externalId())
        : AwsAccount.home(account.id(), account.alias());
  }
}
