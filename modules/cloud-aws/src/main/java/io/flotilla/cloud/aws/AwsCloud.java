package io.flotilla.cloud.aws;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.CloudProvider;
import io.flotilla.cloud.Placement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The AWS cloud as the engine sees it: all six ports over one {@link AwsClientProvider} (clients per account and
 * region, rate limits, assumed roles), closed together on shutdown.
 */
public final class AwsCloud implements AutoCloseable {
  private final AwsClientProvider clients;
  private final CloudProvider provider;

  private AwsCloud(AwsClientProvider clients, CloudProvider provider) {
    this.clients = clients;
    this.provider = provider;
  }

  /**
   * @param accounts the account named by an id or alias (the accounts registry)
   * @param networks the network of each (account id, region)
   */
  public static AwsCloud start(AwsSettings settings, Function<String, Optional<AwsAccount>> accounts,
      Map<Placement, AwsNetwork> networks, Duration metricsBatchWindow) {
    AwsClientProvider clients = new AwsClientProvider(settings, accounts);
    Function<Placement, AwsNetwork> networkOf = placement -> {
      AwsNetwork network = networks.get(placement);
      if (network == null) {
        throw new CloudException("no network for account " + placement.account() + " in " + placement.region()
            + "; add it to flotilla.cloud.aws.networks (vpc-id, subnet-ids, load-balancer-arn)", false);
      }
      return network;
    };
    AwsTrafficPort traffic = new AwsTrafficPort(clients, networkOf, settings.owner());
    CloudProvider provider = new CloudProvider(
        new AwsEnvironmentPort(clients, networkOf, settings.owner()),
        traffic,
        new AwsPreviewPort(clients, networkOf, settings.owner()),
        new AwsInventoryPort(clients, settings.owner(), traffic::readAllEndpoints),
        new AwsMetricsPort(clients, metricsBatchWindow),
        new AwsAlarmPort(clients));
    return new AwsCloud(clients, provider);
  }

  public CloudProvider provider() {
    return provider;
  }

  /** Rate-limit and throttling counters per (account, region). */
  public List<AwsCallStats> stats() {
    return clients.stats();
  }

  @Override
  public void close() {
    clients.close();
  }
}
