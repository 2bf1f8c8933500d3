package io.flotilla.cloud.local;

import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.EnvironmentRequest;
import io.flotilla.cloud.Placement;
import io.flotilla.cloud.TrafficSplit;
import io.flotilla.model.EndpointAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The routes of the control API over one {@link LocalCloud}: every port operation (asynchronous, counted like an
 * in-process call) and every fault and test counter (synchronous, not counted).
 */
final class ControlRoutes {
  private static final String ENVIRONMENT = "/environments/{}/{}/{}";
  private static final String ENDPOINT = "/endpoints/{}/{}/{}";

  private final LocalCloud cloud;

  ControlRoutes(LocalCloud cloud) {
    this.cloud = cloud;
  }

  ControlRouter router() {
    ControlRouter router = new ControlRouter();
    router.addBlocking("GET", "/health", call -> ControlRouter.Reply.ok(Map.of("status", "up")));
    environments(router);
    endpoints(router);
    router.add("GET", "/inventory", call -> cloud.scan(placementOf(call.query())).thenApply(ControlRouter.Reply::ok));
    router.add("POST", "/metrics", call -> {
      ControlJson.MetricsQuery query = call.body(ControlJson.MetricsQuery.class);
      return cloud.read(query.endpoint(), query.environmentIds(), query.from(), query.to())
          .thenApply(ControlRouter.Reply::ok);
    });
    router.add("POST", "/alarms", call -> {
      ControlJson.AlarmQuery query = call.body(ControlJson.AlarmQuery.class);
      return cloud.states(query.placement(), query.names()).thenApply(ControlRouter.Reply::ok);
    });
    counters(router);
    faults(router);
    return router;
  }

  private void environments(ControlRouter router) {
    router.add("POST", "/environments",
        call -> cloud.create(call.body(EnvironmentRequest.class)).thenApply(ControlRouter.Reply::ok));
    router.add("GET", ENVIRONMENT, call -> cloud.describe(placementOf(call), call.param(2)).thenApply(found ->
        found.map(ControlRouter.Reply::ok).orElseGet(() -> new ControlRouter.Reply(404,
            new ControlJson.ErrorBody("not-found", "no environment " + call.param(2), false)))));
    router.add("DELETE", ENVIRONMENT,
        call -> cloud.delete(placementOf(call), call.param(2)).thenApply(done -> ControlRouter.Reply.noContent()));
  }

  private void endpoints(ControlRouter router) {
    router.add("PUT", ENDPOINT, call -> {
      EndpointAddress address = call.body().length == 0 ? null : call.body(EndpointAddress.class);
      return cloud.ensureEndpoint(endpointOf(call, address)).thenApply(ControlRouter.Reply::ok);
    });
    router.add("DELETE", ENDPOINT,
        call -> cloud.deleteEndpoint(endpointOf(call, null)).thenApply(done -> ControlRouter.Reply.noContent()));
    router.add("PUT", ENDPOINT + "/weights",
        call -> cloud.setWeights(endpointOf(call, null), call.body(TrafficSplit.class)).thenApply(ControlRouter.Reply::ok));
    router.add("GET", ENDPOINT + "/weights",
        call -> cloud.readWeights(endpointOf(call, null)).thenApply(ControlRouter.Reply::ok));
    router.add("PUT", ENDPOINT + "/preview", call -> cloud
        .openPreview(endpointOf(call, null), call.body(ControlJson.PreviewRequest.class).environmentId())
        .thenApply(url -> ControlRouter.Reply.ok(new ControlJson.PreviewUrl(url))));
    router.add("DELETE", ENDPOINT + "/preview",
        call -> cloud.closePreview(endpointOf(call, null)).thenApply(done -> ControlRouter.Reply.noContent()));
  }

  private void counters(ControlRouter router) {
    router.addBlocking("GET", "/calls", call -> ControlRouter.Reply.ok(cloud.callCounts()));
    router.addBlocking("GET", "/traffic/{}/{}", call -> ControlRouter.Reply.ok(new ControlJson.TrafficCounts(
        cloud.requestCount(call.param(0), call.param(1)), cloud.errorCount(call.param(0), call.param(1)),
        cloud.unroutedCount(call.param(0)))));
    router.addBlocking("GET", "/versions/{}", call -> ControlRouter.Reply.ok(cloud.behaviorOf(call.param(0))));
    router.addBlocking("GET", "/instances/{}", call -> ControlRouter.Reply.ok(
        cloud.instanceUrls(call.param(0)).stream().map(Object::toString).toList()));
  }

  private void faults(ControlRouter router) {
    Faults faults = cloud.faults();
    router.addBlocking("POST", "/faults/kill-instance", call -> {
      ControlJson.KillInstance kill = call.body(ControlJson.KillInstance.class);
      faults.killInstance(kill.environmentId(), kill.index());
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("POST", "/faults/delete-environment", call -> {
      ControlJson.DeleteEnvironment delete = call.body(ControlJson.DeleteEnvironment.class);
      faults.deleteEnvironment(delete.placement(), delete.environmentId());
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("POST", "/faults/set-weights", call -> {
      ControlJson.OverrideWeights weights = call.body(ControlJson.OverrideWeights.class);
      faults.setWeights(weights.placement(), weights.service(), weights.split());
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("POST", "/faults/stray", call -> {
      ControlJson.Stray stray = call.body(ControlJson.Stray.class);
      return ControlRouter.Reply.ok(
          faults.createStray(stray.placement(), stray.service(), stray.version(), stray.environmentId()));
    });
    router.addBlocking("POST", "/faults/fail-next", call -> {
      ControlJson.CallFault fault = call.body(ControlJson.CallFault.class);
      faults.failNext(fault.operation(), fault.count(), fault.retryable());
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("POST", "/faults/slow-next", call -> {
      ControlJson.CallFault fault = call.body(ControlJson.CallFault.class);
      faults.slowNext(fault.operation(), fault.count(), fault.delay() == null ? Duration.ZERO : fault.delay());
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("POST", "/faults/random", call -> {
      ControlJson.RandomFaults random = call.body(ControlJson.RandomFaults.class);
      faults.random(random.failProbability(), random.slowProbability(),
          random.delay() == null ? Duration.ZERO : random.delay());
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("PUT", "/faults/alarms/{}/{}/{}", call -> {
      ControlJson.AlarmSetting setting = call.body(ControlJson.AlarmSetting.class);
      faults.setAlarm(new Placement(call.param(0), call.param(1)), call.param(2), setting.state());
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("POST", "/faults/clear", call -> {
      faults.clearCallFaults();
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("PUT", "/faults/versions/{}", call -> {
      String version = call.param(0);
      String entry = new String(call.body(), StandardCharsets.UTF_8);
      faults.overrideVersion(version, DemoCatalog.parseEntry(entry, version, cloud.behaviorOf(version)));
      return ControlRouter.Reply.noContent();
    });
    router.addBlocking("DELETE", "/faults/versions/{}", call -> {
      faults.clearVersionOverride(call.param(0));
      return ControlRouter.Reply.noContent();
    });
  }

  private static Placement placementOf(ControlRouter.Call call) {
    return new Placement(call.param(0), call.param(1));
  }

  private static Placement placementOf(Map<String, String> query) {
    String account = query.get("account");
    String region = query.get("region");
    if (account == null || region == null) {
      throw new IllegalArgumentException("account and region query parameters are required");
    }
    return new Placement(account, region);
  }

  private static EndpointRef endpointOf(ControlRouter.Call call, EndpointAddress address) {
    return new EndpointRef(placementOf(call), call.param(2), address == null ? new EndpointAddress("", 0) : address);
  }
}
