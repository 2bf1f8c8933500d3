package io.flotilla.cloud;

/** The tags Flotilla puts on everything it creates; inventory and garbage collection find stacks by them. */
public final class Tags {
  public static final String SERVICE = "flotilla:service";
  public static final String VERSION = "flotilla:version";
  public static final String REVISION = "flotilla:revision";
  public static final String ENV_ID = "flotilla:env-id";
  public static final String OWNER = "flotilla:owner";

  private Tags() {}
}
