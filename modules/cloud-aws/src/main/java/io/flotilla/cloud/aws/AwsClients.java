package io.flotilla.cloud.aws;

import io.flotilla.cloud.CallPriority;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/** The async clients of one (account, region), and the rate limit of each API family there. */
record AwsClients(
    Ec2AsyncClient ec2,
    AutoScalingAsyncClient autoScaling,
    ElasticLoadBalancingV2AsyncClient elb,
    CloudWatchAsyncClient cloudWatch,
    Map<ApiFamily, CallGate> gates) implements AutoCloseable {

  /** A view for calls made at one priority. */
  AwsCalls at(CallPriority priority) {
    return new AwsCalls(this, priority);
  }

  @Override
  public void close() {
    ec2.close();
    autoScaling.close();
    elb.close();
    cloudWatch.close();
  }
}
