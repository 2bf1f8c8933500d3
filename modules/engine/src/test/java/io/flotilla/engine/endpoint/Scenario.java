package io.flotilla.engine.endpoint;

import io.flotilla.cloud.TrafficSplit;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.SpecCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Drives an endpoint's pure decisions like the entity does: decide, apply, settle; time moves only on request. */
final class Scenario {
  /** The principal user commands in scenarios are recorded as. */
  static final String USER = "tester";

  EndpointState state = EndpointState.empty();
  Instant now = Instant.parse("2026-11-01T10:00:00Z");
  final List<EndpointEvent> journal = new ArrayList<>();
  Reply lastReply;

  /** A spec; without an {@code analysis:} section, analysis is off so that holds end on time alone. */
  static ServiceSpec spec(String yamlBody) {
    String analysis = yamlBody.contains("analysis:") ? "" : "analysis: {metrics: []}\n";
    return SpecCodec.readYaml("name: checkout\nimage: demo/checkout\n" + analysis + yamlBody);
  }

  Scenario register(ServiceSpec spec) {
    return command(CommandDecisions.putSpec(state, "checkout", spec, USER, now));
  }

  Scenario command(Decision decision) {
    lastReply = decision.reply();
    record(decision.events());
    return this;
  }

  Scenario release(String version) {
    return command(CommandDecisions.release(state, "checkout", version, null, USER, now));
  }

  Scenario record(List<EndpointEvent> events) {
    for (EndpointEvent event : events) {
      state = state.apply(event);
      journal.add(event);
    }
    for (EndpointEvent event : EndpointDecisions.settle(state, now)) {
      state = state.apply(event);
      journal.add(event);
    }
    return this;
  }

  /** The provisioner reports the active release's environment healthy. */
  Scenario environmentHealthy() {
    return record(ReportDecisions.environmentHealthy(state, state.active().environmentId(), 2, now));
  }

  /** The traffic shifter reports the desired split applied. */
  Scenario trafficApplied() {
    TrafficSplit desired = state.desired();
    return record(ReportDecisions.trafficApplied(state, desired, "http://endpoint", now));
  }

  Scenario advance(Duration duration) {
    now = now.plus(duration);
    return record(List.of());
  }

  /** Event type names since {@code from}. */
  List<String> typesSince(int from) {
    return journal.subList(from, journal.size()).stream().map(EndpointEvent::type).toList();
  }

  <T extends EndpointEvent> List<T> eventsOf(Class<T> type) {
    return journal.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Releases a version and completes it: healthy, every step applied and held. */
  Scenario releaseCompletely(String version) {
    release(version).environmentHealthy();
    for (int i = 0; i < 20 && state.releaseInFlight(); i++) {
      if (!state.applied().sameAs(state.desired())) {
        trafficApplied();
      } else {
        advance(Duration.ofHours(1));
      }
    }
    return this;
  }
}
