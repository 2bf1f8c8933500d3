package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/**
 * How every AWS call leaves Flotilla: through the rate limit of its API family in its (account, region), at the
 * priority of the operation it belongs to. Each method takes the family the action belongs to and the call itself.
 */
record AwsCalls(AwsClients clients, CallPriority priority) {

  <T> CompletableFuture<T> ec2(ApiFamily family, Function<Ec2AsyncClient, CompletableFuture<T>> call) {
    return clients.gates().get(family).submit(priority, () -> call.apply(clients.ec2()));
  }

  <T> CompletableFuture<T> autoScaling(ApiFamily family, Function<AutoScalingAsyncClient, CompletableFuture<T>> call) {
    return clients.gates().get(family).submit(priority, () -> call.apply(clients.autoScaling()));
  }

  <T> CompletableFuture<T> elb(ApiFamily family, Function<ElasticLoadBalancingV2AsyncClient, CompletableFuture<T>> call) {
    return clients.gates().get(family).submit(priority, () -> call.apply(clients.elb()));
  }

  <T> CompletableFuture<T> cloudWatch(ApiFamily family, Function<CloudWatchAsyncClient, CompletableFuture<T>> call) {
    return clients.gates().get(family).submit(priority, () -> call.apply(clients.cloudWatch()));
  }
}
