package io.flotilla.server;

import com.typesafe.config.Config;
import io.flotilla.api.MetricsSource;
import io.flotilla.cloud.CloudProvider;
import io.flotilla.cloud.local.DemoCatalog;
import io.flotilla.cloud.local.LocalCloud;
import io.flotilla.cloud.local.LocalCloudConfig;
import io.flotilla.cloud.local.LocalCloudServer;
import io.flotilla.cloud.local.RemoteLocalCloud;
import io.flotilla.engine.accounts.Accounts;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;

/** Builds the cloud the node drives, from {@code flotilla.cloud.kind}. */
public final class CloudBoot {
  private CloudBoot() {}

  /** A started cloud: its ports, what to print about it, how to close it, and what it reports on /metrics. */
  public record Started(CloudProvider provider, String description, String controlUrl, AutoCloseable closer,
      List<MetricsSource> metrics) {
    public Started {
      metrics = List.copyOf(metrics);
    }

    public Started(CloudProvider provider, String description, String controlUrl, AutoCloseable closer) {
      this(provider, description, controlUrl, closer, List.of());
    }
  }

  static Started start(ServerSettings settings, Config config, Supplier<Accounts> accounts) throws IOException {
    switch (settings.cloudKind()) {
      case "aws" -> {
        return AwsBoot.start(config, accounts);
      }
      case "local" -> {
        DemoCatalog catalog = Files.exists(settings.catalog()) ? DemoCatalog.load(settings.catalog())
            : DemoCatalog.defaults();
        LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults().withCatalog(catalog));
        LocalCloudServer control = settings.cloudControlPort() < 0 ? null
            : LocalCloudServer.start(cloud, settings.httpHost(), settings.cloudControlPort());
        String description = "local cloud in this process (catalog " + (Files.exists(settings.catalog())
            ? settings.catalog() : "built-in defaults") + ")";
        return new Started(cloud.provider(), description, control == null ? null : control.url(), () -> {
          if (control != null) {
            control.close();
          }
          cloud.close();
        });
      }
      case "remote-local" -> {
        if (settings.remoteCloudUrl().isBlank()) {
          throw new IllegalArgumentException(
              "flotilla.cloud.remote-local.url (FLOTILLA_CLOUD_URL) must be set when flotilla.cloud.kind = remote-local");
        }
        RemoteLocalCloud cloud = RemoteLocalCloud.connect(settings.remoteCloudUrl());
        // the remote cloud lives in its own process; there is nothing to close here
        return new Started(cloud.provider(), "local cloud at " + settings.remoteCloudUrl(),
            settings.remoteCloudUrl(), () -> { });
      }
      default -> throw new IllegalArgumentException("flotilla.cloud.kind: unknown cloud '" + settings.cloudKind()
          + "' (expected local, remote-local or aws)");
    }
  }
}
