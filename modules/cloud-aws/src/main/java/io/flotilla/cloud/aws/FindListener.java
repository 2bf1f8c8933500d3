package io.flotilla.cloud.aws;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;

/** DescribeListeners of the load balancer, picking the one on the endpoint's port. */
final class FindListener {
  private FindListener() {}

  static CompletionStage<Optional<Listener>> run(AwsCalls calls, String loadBalancerArn, int port) {
    return calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeListeners(request -> request.loadBalancerArn(loadBalancerArn)))
        .thenApply(response -> response.listeners().stream().filter(listener -> listener.port() == port).findFirst());
  }
}
