package io.flotilla.cloud.aws;

import java.util.List;

/** The pre-existing network of one (account, region) that environments go into: VPC, subnets, and the endpoints' ALB. */
public record AwsNetwork(String vpcId, List<String> subnetIds, String loadBalancerArn) {
  public AwsNetwork {
    subnetIds = List.copyOf(subnetIds);
  }
}
