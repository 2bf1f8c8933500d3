package io.flotilla.aws.fake;

import java.time.Duration;
import java.util.UUID;

/** STS AssumeRole: hands out credentials that act in the role's account, and remembers who assumed what. */
final class StsHandler implements FakeAws.ServiceHandler {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private final FakeAws fake;

  StsHandler(FakeAws fake) {
    this.fake = fake;
  }

  @Override
  public String handle(String action, Params params, RegionState state, String requestId) {
    if (!action.equals("AssumeRole")) {
      throw FakeAws.unknownAction(action);
    }
    String roleArn = params.require("RoleArn");
    String sessionName = params.require("RoleSessionName");
    String[] arnParts = roleArn.split(":");
    if (arnParts.length < 6 || !arnParts[5].startsWith("role/")) {
      throw FakeAwsError.validation("ValidationError", "Invalid role ARN " + roleArn);
    }
    String roleAccount = arnParts[4];
    String roleName = arnParts[5].substring("role/".length());
    String accessKeyId = "ASIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    fake.recordAssumedRole(new FakeAws.AssumedRole(state.account, roleArn, params.get("ExternalId").orElse(null),
        sessionName, accessKeyId), roleAccount);
    int seconds = params.intOr("DurationSeconds", 3600);
    Xml result = new Xml()
        .open("Credentials").leaf("AccessKeyId", accessKeyId).leaf("SecretAccessKey", UUID.randomUUID().toString())
        .leaf("SessionToken", "fake-session-" + UUID.randomUUID())
        .time("Expiration", fake.clock().instant().plus(Duration.ofSeconds(seconds))).close("Credentials")
        .open("AssumedRoleUser").leaf("AssumedRoleId", "AROA" + roleAccount + ":" + sessionName)
        .leaf("Arn", "arn:aws:sts::" + roleAccount + ":assumed-role/" + roleName + "/" + sessionName).close("AssumedRoleUser");
    return FakeAws.queryResponse("AssumeRole", NAMESPACE, requestId, result);
  }
}
