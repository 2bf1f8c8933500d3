package io.flotilla.cloud.aws;

import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/** The async clients of one (account, region). */
record AwsClients(Ec2AsyncClient ec2, AutoScalingAsyncClient autoScaling, ElasticLoadBalancingV2AsyncClient elb)
    implements AutoCloseable {
  @Override
  public void close() {
    ec2.close();
    autoScaling.close();
    elb.close();
  }
}
