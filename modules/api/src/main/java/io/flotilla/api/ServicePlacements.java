package io.flotilla.api;

import io.flotilla.engine.Endpoints;
import io.flotilla.engine.endpoint.EndpointCommand;
import io.flotilla.engine.endpoint.EndpointEvent;
import io.flotilla.engine.endpoint.StatusView;
import io.flotilla.model.ServiceSpec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Places feed events in their service's account and region. A {@code SpecChanged} event says where its service
 * deploys from then on; for a service whose spec event the feed has not passed yet, its entity is asked once. The
 * map holds one small entry per service.
 */
final class ServicePlacements {
  private record Where(String account, String region) {}

  private static final Where UNKNOWN = new Where(null, null);
  private final Endpoints endpoints;
  private final Map<String, Where> byService = new ConcurrentHashMap<>();

  ServicePlacements(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  CompletionStage<FeedEvent> locate(FeedEvent feedEvent) {
    EndpointEvent event = feedEvent.event();
    if (event instanceof EndpointEvent.SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      Where where = new Where(spec.account(), spec.region());
      byService.put(event.service(), where);
      return CompletableFuture.completedFuture(feedEvent.located(where.account(), where.region()));
    }
    Where known = byService.get(event.service());
    if (known != null) {
      return CompletableFuture.completedFuture(feedEvent.located(known.account(), known.region()));
    }
    return endpoints.ask(event.service(), EndpointCommand.GetStatus::new)
        .thenApply(reply -> reply instanceof StatusView status && status.spec() != null
            ? new Where(status.account(), status.region()) : UNKNOWN)
        .exceptionally(failure -> UNKNOWN)
        .thenApply(where -> {
          if (where != UNKNOWN) {
            byService.putIfAbsent(event.service(), where);
          }
          return feedEvent.located(where.account(), where.region());
        });
  }
}
