package io.flotilla.server;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The node's own settings, read from {@code flotilla.*} (see application.conf and its includes). */
public record ServerSettings(
    String httpHost,
    int httpPort,
    Duration httpDrain,
    boolean embeddedCassandra,
    Path cassandraData,
    int cassandraPort,
    String cassandraContactPoint,
    String cloudKind,
    Path catalog,
    int cloudControlPort,
    String remoteCloudUrl,
    Path examples,
    String initialVersion,
    int trafficPerSecond,
    List<DevMode.DemoRelease> demoReleases) {

  public static ServerSettings from(Config config) {
    Config flotilla = config.getConfig("flotilla");
    return new ServerSettings(
        flotilla.getString("http.host"),
        flotilla.getInt("http.port"),
        flotilla.getDuration("http.drain"),
        flotilla.getBoolean("cassandra.embedded"),
        Path.of(flotilla.getString("cassandra.data-directory")),
        flotilla.getInt("cassandra.port"),
        flotilla.getString("cassandra.contact-point"),
        flotilla.getString("cloud.kind"),
        Path.of(flotilla.getString("cloud.local.catalog")),
        flotilla.getInt("cloud.local.control-port"),
        flotilla.getString("cloud.remote-local.url"),
        Path.of(flotilla.getString("dev.examples")),
        flotilla.getString("dev.initial-version"),
        flotilla.getInt("dev.traffic-per-second"),
        flotilla.getConfigList("dev.demo").stream()
            .map(demo -> new DevMode.DemoRelease(demo.getString("service"), demo.getString("version"),
                demo.getString("expect")))
            .toList());
  }
}
