package io.flotilla.cloud.aws;

import io.flotilla.cloud.CloudException;
import io.flotilla.cloud.EndpointRef;
import io.flotilla.cloud.Tags;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;

/**
 * The one listener per (load balancer, port) that all endpoints on that port share, each endpoint a host-header rule
 * on it. Found by port; created when missing, answering 404 to unknown hosts. It is never deleted by Flotilla.
 */
final class SharedListener {
  static final int DEFAULT_PORT = 80;

  private SharedListener() {}

  static int portOf(EndpointRef endpoint) {
    return endpoint.address().port() == 0 ? DEFAULT_PORT : endpoint.address().port();
  }

  /** {@code http://host}, with {@code :port} unless it is 80. */
  static String urlOf(String host, int port) {
    return "http://" + host + (port == DEFAULT_PORT ? "" : ":" + port);
  }

  static CompletionStage<Optional<Listener>> find(AwsCalls calls, String loadBalancerArn, int port) {
    return FindListener.run(calls, loadBalancerArn, port);
  }

  /** Finds or creates the listener; when another node created it first (DuplicateListener), finds that one. */
  static CompletionStage<Listener> ensure(AwsCalls calls, String loadBalancerArn, int port, String owner) {
    return find(calls, loadBalancerArn, port).thenCompose(found -> found.isPresent()
        ? CompletableFuture.completedFuture(found.get())
        : CreateListener.run(calls, loadBalancerArn, port, Map.of(Tags.OWNER, owner))
            .exceptionallyCompose(failure -> AwsErrors.hasCode(failure, "DuplicateListener")
                ? find(calls, loadBalancerArn, port).thenApply(raced -> raced.orElseThrow(
                    () -> new CloudException("the listener on port " + port + " was created and is gone again", true)))
                : CompletableFuture.failedFuture(failure)));
  }
}
