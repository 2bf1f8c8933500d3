package io.flotilla.server;

import io.flotilla.engine.Endpoints;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.engine.endpoint.StatusView;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.SpecCodec;
import io.flotilla.model.SpecValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code flotilla dev} adds to a node: registers the example specs, releases a first version of every service
 * that serves nothing yet, sends background traffic to every endpoint, and on the first start runs the demo
 * releases of {@code flotilla.dev.demo} (a good version that is promoted, a bad one that is rolled back).
 */
final class DevMode {
  /** The principal the examples and demo releases are recorded as. */
  static final String DEV = "flotilla-dev";

  private final FlotillaNode node;
  private final ServerSettings settings;
  private final PrintStream out;

  DevMode(FlotillaNode node, ServerSettings settings, PrintStream out) {
    this.node = node;
    this.settings = settings;
    this.out = out;
  }

  /** Registers the examples and starts traffic; blocking is fine here, this runs on the main thread at start. */
  TrafficGenerator start() throws Exception {
    Endpoints endpoints = node.engine().endpoints();
    List<String> services = new ArrayList<>();
    List<String> created = new ArrayList<>();
    for (Path file : exampleFiles()) {
      ServiceSpec spec;
      try {
        spec = SpecCodec.readYaml(Files.readString(file));
      } catch (SpecValidationException e) {
        out.println("  skipped " + file + ": " + e.getMessage());
        continue;
      }
      services.add(spec.name());
      Reply put = endpoints.ask(spec.name(), replyTo -> new EndpointCommand.PutSpec(spec, DEV, replyTo))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      Reply status = endpoints.ask(spec.name(), EndpointCommand.GetStatus::new)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (put instanceof Reply.Accepted accepted && accepted.outcome().equals("created")) {
        created.add(spec.name());
      }
      String line = "  " + pad(spec.name()) + describe(put);
      if (status instanceof StatusView view && view.desired().isEmpty() && view.activeRelease() == null) {
        Reply release = endpoints.ask(spec.name(), replyTo -> new EndpointCommand.RequestRelease(
            settings.initialVersion(), null, DEV, replyTo)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        line += "; releasing " + settings.initialVersion() + ": " + describe(release);
      } else if (status instanceof StatusView view) {
        line += "; serving " + view.desired().stream().map(w -> w.version() + " " + w.weight() + "%").toList();
      }
      out.println(line);
    }
    TrafficGenerator traffic = new TrafficGenerator(endpoints, services, settings.trafficPerSecond());
    traffic.start((service, url) -> out.println("  endpoint " + pad(service) + url));
    List<DemoRelease> demo = settings.demoReleases().stream()
        .filter(release -> created.contains(release.service())).toList();
    if (!demo.isEmpty()) {
      Thread thread = new Thread(() -> runDemo(endpoints, demo), "flotilla-dev-demo");
      thread.setDaemon(true);
      thread.start();
    }
    return traffic;
  }

  /** A release the demo makes once the first versions serve, with what the user should watch for. */
  record DemoRelease(String service, String version, String expect) {}

  /** Waits until each demo service serves its first version, then releases the demo version. */
  private void runDemo(Endpoints endpoints, List<DemoRelease> demo) {
    for (DemoRelease release : demo) {
      try {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
          Reply status = endpoints.ask(release.service(), EndpointCommand.GetStatus::new)
              .toCompletableFuture().get(30, TimeUnit.SECONDS);
          if (status instanceof StatusView view && view.activeRelease() == null && !view.desired().isEmpty()) {
            break;
          }
          Thread.sleep(2_000);
        }
        Reply reply = endpoints.ask(release.service(), replyTo -> new EndpointCommand.RequestRelease(
            release.version(), null, DEV, replyTo)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        out.println("demo: " + pad(release.service()) + "releasing " + release.version() + ": " + describe(reply)
            + " - " + release.expect());
      } catch (Exception e) {
        out.println("demo: " + release.service() + " " + release.version() + " not released: " + e);
      }
    }
    out.println("demo: follow it with  curl -sN -H 'Accept: text/event-stream' -H \"Authorization: Bearer "
        + "$FLOTILLA_TOKEN\" 'localhost:" + settings.httpPort() + "/api/v1/events'");
  }

  private List<Path> exampleFiles() throws IOException {
    if (!Files.isDirectory(settings.examples())) {
      out.println("  no example specs at " + settings.examples().toAbsolutePath());
      return List.of();
    }
    try (Stream<Path> files = Files.list(settings.examples())) {
      return files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
          .sorted().toList();
    }
  }

  private static String describe(Reply reply) {
    if (reply instanceof Reply.Accepted accepted) {
      return accepted.outcome() + (accepted.message() == null ? "" : " (" + accepted.message() + ")");
    }
    if (reply instanceof Reply.Rejected rejected) {
      return "rejected: " + rejected.message();
    }
    return reply.toString();
  }

  private static String pad(String name) {
    return String.format("%-12s", name);
  }
}
