package io.flotilla.aws.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wire-level fake of the AWS query-protocol APIs Flotilla uses (EC2 launch templates, Auto Scaling groups, ELBv2
 * target groups and listeners, CloudWatch metrics and alarms, STS AssumeRole), on loopback. A request goes to the
 * service named by its path prefix ({@code /ec2}, {@code /autoscaling}, {@code /elbv2}, {@code /monitoring},
 * {@code /sts}) or, since SDK v2 drops the path of an endpoint override for these protocols, by the signing name in
 * its SigV4 credential scope (as LocalStack does). The access key id in that scope picks the account, the scope's
 * region the region, so every account's resources stay in that account. Signatures are not checked.
 */
public final class FakeAws implements AutoCloseable {
  /** A role some caller assumed through STS. */
  public record AssumedRole(String callerAccount, String roleArn, String externalId, String sessionName, String accessKeyId) {}

  private static final Map<String, String> SIGNING_NAMES =
      Map.of("ec2", "ec2", "autoscaling", "autoscaling", "elasticloadbalancing", "elbv2", "sts", "sts",
          "monitoring", "monitoring");
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/");

  private final HttpServer server;
  private final Clock clock;
  private volatile Duration healthyAfter = Duration.ZERO;
  private final Map<String, String> accountsByAccessKey = new ConcurrentHashMap<>();
  private final Map<String, RegionState> regions = new ConcurrentHashMap<>();
  private final List<AssumedRole> assumedRoles = new CopyOnWriteArrayList<>();
  private final Faults faults = new Faults();
  private final Map<String, ServiceHandler> handlers;

  private FakeAws(HttpServer server, Clock clock) {
    this.server = server;
    this.clock = clock;
    this.handlers = Map.of(
        "ec2", new Ec2Handler(this),
        "autoscaling", new AutoScalingHandler(this),
        "elbv2", new ElbHandler(this),
        "sts", new StsHandler(this),
        "monitoring", new CloudWatchHandler());
  }

  /** Starts the fake on an ephemeral loopback port. */
  public static FakeAws start() {
    return start(Clock.systemUTC());
  }

  public static FakeAws start(Clock clock) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeAws fake = new FakeAws(server, clock);
      server.createContext("/", fake::handle);
      server.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "fake-aws");
        thread.setDaemon(true);
        return thread;
      }));
      server.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake AWS endpoint", e);
    }
  }

  /**
   * The endpoint override for one service: {@code ec2}, {@code autoscaling}, {@code elbv2}, {@code monitoring} or
   * {@code sts}.
   */
  public URI endpoint(String service) {
    if (!handlers.containsKey(service)) {
      throw new IllegalArgumentException("unknown service " + service);
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + service);
  }

  /** Makes requests signed with {@code accessKeyId} act in {@code account}. */
  public FakeAws registerAccount(String accessKeyId, String account) {
    accountsByAccessKey.put(accessKeyId, account);
    return this;
  }

  /** Instances pass target health checks this long after launch. */
  public FakeAws healthyAfter(Duration delay) {
    this.healthyAfter = delay;
    return this;
  }

  /** Creates an application load balancer (Flotilla does not create load balancers) and returns its ARN. */
  public String createLoadBalancer(String account, String region, String name) {
    RegionState state = region(account, region);
    synchronized (state) {
      String arn = state.elbArn("loadbalancer", "app/" + name + "/" + state.nextHex(16));
      state.loadBalancers.put(arn, new RegionState.LoadBalancer(arn, name));
      return arn;
    }
  }

  /** Publishes one value of a CloudWatch metric (dimensions must match a query's exactly to be found). */
  public void putMetric(String account, String region, String namespace, String metricName,
      Map<String, String> dimensions, Instant at, double value) {
    RegionState state = region(account, region);
    synchronized (state) {
      CloudWatchHandler.putMetric(state, namespace, metricName, dimensions, at, value);
    }
  }

  /**
   * Publishes the {@code AWS/ApplicationELB} metrics a load balancer reports for one of its target groups at
   * {@code at}: {@code RequestCount}, {@code HTTPCode_Target_5XX_Count} and each request's
   * {@code TargetResponseTime} (given in milliseconds, stored in seconds as AWS does).
   */
  public void recordTargetGroupTraffic(String account, String region, String loadBalancerArn, String targetGroupArn,
      Instant at, long requests, long errors5xx, double... latencyMillis) {
    RegionState state = region(account, region);
    synchronized (state) {
      CloudWatchHandler.recordTargetGroupTraffic(state, loadBalancerArn, targetGroupArn, at, requests, errors5xx,
          latencyMillis);
    }
  }

  /** Creates or updates a CloudWatch alarm: {@code OK}, {@code ALARM} or {@code INSUFFICIENT_DATA}. */
  public void setAlarm(String account, String region, String name, String state) {
    RegionState regionState = region(account, region);
    synchronized (regionState) {
      CloudWatchHandler.setAlarm(regionState, name, state, clock.instant());
    }
  }

  public Faults faults() {
    return faults;
  }

  public List<AssumedRole> assumedRoles() {
    return List.copyOf(assumedRoles);
  }

  /** Names of the auto-scaling groups in one account and region. */
  public List<String> autoScalingGroupNames(String account, String region) {
    RegionState state = region(account, region);
    synchronized (state) {
      return List.copyOf(state.groups.keySet());
    }
  }

  /** Names of the launch templates in one account and region. */
  public List<String> launchTemplateNames(String account, String region) {
    RegionState state = region(account, region);
    synchronized (state) {
      return state.launchTemplates.values().stream().map(template -> template.name).toList();
    }
  }

  /** Names of the target groups in one account and region. */
  public List<String> targetGroupNames(String account, String region) {
    RegionState state = region(account, region);
    synchronized (state) {
      return state.targetGroups.values().stream().map(group -> group.name).toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  Clock clock() {
    return clock;
  }

  Duration healthyAfterDelay() {
    return healthyAfter;
  }

  void recordAssumedRole(AssumedRole role, String roleAccount) {
    accountsByAccessKey.put(role.accessKeyId(), roleAccount);
    assumedRoles.add(role);
  }

  RegionState region(String account, String region) {
    return regions.computeIfAbsent(account + "/" + region, key -> new RegionState(account, region));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher credential = CREDENTIAL.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    boolean signed = credential.find();
    String service = path.replaceFirst("^/", "").replaceFirst("/.*$", "");
    if (!handlers.containsKey(service) && signed) {
      service = SIGNING_NAMES.getOrDefault(credential.group(3), service);
    }
    ServiceHandler handler = handlers.get(service);
    boolean ec2 = "ec2".equals(service);
    String requestId = UUID.randomUUID().toString();
    try (exchange) {
      if (handler == null) {
        respond(exchange, 404, errorXml(false, new FakeAwsError(404, "UnknownService", "no service at " + path, true), requestId));
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Params params = Params.parseForm(body);
      if (Boolean.getBoolean("flotilla.fakeaws.trace")) {
        System.err.println("fake-aws " + service + " " + path + " " + params);
      }
      try {
        String action = params.require("Action");
        if (!signed) {
          throw new FakeAwsError(403, ec2 ? "AuthFailure" : "MissingAuthenticationToken", "Request is missing Authentication Token", true);
        }
        String account = accountsByAccessKey.get(credential.group(1));
        if (account == null) {
          throw new FakeAwsError(403, ec2 ? "AuthFailure" : "InvalidClientTokenId",
              "The security token included in the request is invalid.", true);
        }
        faults.onCall(action, ec2);
        RegionState state = region(account, credential.group(2));
        String result;
        synchronized (state) {
          result = handler.handle(action, params, state, requestId);
        }
        respond(exchange, 200, result);
      } catch (FakeAwsError error) {
        respond(exchange, error.status, errorXml(ec2, error, requestId));
      } catch (RuntimeException unexpected) {
        respond(exchange, 500, errorXml(ec2, new FakeAwsError(500, "InternalFailure", String.valueOf(unexpected), false), requestId));
      }
    }
  }

  private static String errorXml(boolean ec2, FakeAwsError error, String requestId) {
    Xml xml = new Xml();
    if (ec2) {
      return xml.open("Response").open("Errors").open("Error").leaf("Code", error.code).leaf("Message", error.getMessage())
          .close("Error").close("Errors").leaf("RequestID", requestId).close("Response").toString();
    }
    return xml.open("ErrorResponse").open("Error").leaf("Type", error.sender ? "Sender" : "Receiver").leaf("Code", error.code)
        .leaf("Message", error.getMessage()).close("Error").leaf("RequestId", requestId).close("ErrorResponse").toString();
  }

  private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** One service's actions; runs under the region's monitor and returns the response document. */
  interface ServiceHandler {
    String handle(String action, Params params, RegionState state, String requestId);
  }

  /** Wraps a non-EC2 result in {@code <XResponse><XResult>...</XResult><ResponseMetadata>}. */
  static String queryResponse(String action, String namespace, String requestId, Xml result) {
    String inner = result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>";
    return "<" + action + "Response xmlns=\"" + namespace + "\">" + inner + "<ResponseMetadata><RequestId>" + requestId
        + "</RequestId></ResponseMetadata></" + action + "Response>";
  }

  static FakeAwsError unknownAction(String action) {
    return new FakeAwsError(400, "InvalidAction", "The action " + action + " is not valid for this fake", true);
  }
}
