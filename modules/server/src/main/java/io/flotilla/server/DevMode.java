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
 * that serves nothing yet, and sends background traffic to every endpoint.
 */
final class DevMode {
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
    for (Path file : exampleFiles()) {
      ServiceSpec spec;
      try {
        spec = SpecCodec.readYaml(Files.readString(file));
      } catch (SpecValidationException e) {
        out.println("  skipped " + file + ": " + e.getMessage());
        continue;
      }
      services.add(spec.name());
      Reply put = endpoints.ask(spec.name(), replyTo -> new EndpointCommand.PutSpec(spec, replyTo))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      Reply status = endpoints.ask(spec.name(), EndpointCommand.GetStatus::new)
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      String line = "  " + pad(spec.name()) + describe(put);
      if (status instanceof StatusView view && view.desired().isEmpty() && view.activeRelease() == null) {
        Reply release = endpoints.ask(spec.name(), replyTo -> new EndpointCommand.RequestRelease(
            settings.initialVersion(), replyTo)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        line += "; releasing " + settings.initialVersion() + ": " + describe(release);
      } else if (status instanceof StatusView view) {
        line += "; serving " + view.desired().stream().map(w -> w.version() + " " + w.weight() + "%").toList();
      }
      out.println(line);
    }
    TrafficGenerator traffic = new TrafficGenerator(endpoints, services, settings.trafficPerSecond());
    traffic.start((service, url) -> out.println("  endpoint " + pad(service) + url));
    return traffic;
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
