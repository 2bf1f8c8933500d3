package io.flotilla.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IAM policies in {@code deploy/aws} against the adapter's code: every AWS action the adapter calls is allowed by
 * the deploy role's policy, and the policy allows nothing else except the few actions AWS checks on Flotilla's behalf
 * (listed below with the reason). The actions called are read from the sources: each
 * {@code calls.<service>(FAMILY, client -> client.<operation>(...))}, the service giving the IAM prefix and the SDK
 * operation the action name. A new AWS call without a matching policy change fails here.
 */
class IamPolicyTest {
  private static final Path SOURCES = Path.of("src/main/java/io/flotilla/cloud/aws");
  private static final Path POLICIES = Path.of("../../deploy/aws");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The IAM prefix of each {@code AwsCalls} method. */
  private static final Map<String, String> PREFIXES = Map.of(
      "ec2", "ec2",
      "autoScaling", "autoscaling",
      "elb", "elasticloadbalancing",
      "cloudWatch", "cloudwatch");

  /** Actions the code never calls itself but AWS checks on the caller when it makes the call named. */
  private static final Map<String, Extra> EXTRAS = Map.of(
      "ec2:RunInstances", new Extra("autoscaling:CreateAutoScalingGroup",
          "a group created from a launch template needs the caller to be allowed to launch its instances"),
      "ec2:CreateTags", new Extra("ec2:CreateLaunchTemplate",
          "the launch template is tagged in its create call (TagSpecifications)"),
      "elasticloadbalancing:AddTags", new Extra("elasticloadbalancing:CreateTargetGroup",
          "target groups, listeners and rules are tagged in their create calls"));

  /** The SDK services the adapter may use; a new one needs its permissions added to the policies. */
  private static final Set<String> SDK_SERVICES = Set.of("ec2", "autoscaling", "elasticloadbalancingv2", "cloudwatch", "sts");

  private record Extra(String neededBy, String why) {}

  private static final Pattern CALL = Pattern.compile("\\bcalls\\.(ec2|autoScaling|elb|cloudWatch)\\(");
  private static final Pattern OPERATION = Pattern.compile("(\\w+)\\s*->\\s*\\1\\s*\\.\\s*(\\w+)\\s*\\(");
  private static final Pattern SDK_IMPORT = Pattern.compile("import\\s+software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.");

  @Test
  void theThreePoliciesAreIamPolicyDocuments() {
    for (String file : List.of("flotilla-controller-policy.json", "flotilla-deploy-policy.json")) {
      JsonNode policy = read(file);
      assertEquals("2012-10-17", policy.path("Version").asText(), file);
      for (JsonNode statement : statements(policy, file)) {
        assertEquals("Allow", statement.path("Effect").asText(), file + " " + statement);
        assertFalse(strings(statement.path("Action")).isEmpty(), file + " has a statement without actions");
        assertFalse(strings(statement.path("Resource")).isEmpty(), file + " has a statement without resources");
        assertTrue(statement.path("Principal").isMissingNode(), file + ": an identity policy names no principal");
      }
    }
    JsonNode trust = read("flotilla-deploy-trust-policy.json");
    assertEquals("2012-10-17", trust.path("Version").asText());
    for (JsonNode statement : statements(trust, "trust policy")) {
      assertEquals("Allow", statement.path("Effect").asText());
      assertEquals(List.of("sts:AssumeRole"), strings(statement.path("Action")));
      assertTrue(statement.path("Principal").has("AWS"), "the trust policy trusts an AWS principal: " + statement);
      assertTrue(statement.path("Resource").isMissingNode(), "a trust policy has no Resource: " + statement);
    }
  }

  @Test
  void theDeployRoleCanOnlyBeAssumedWithTheExternalId() {
    for (JsonNode statement : statements(read("flotilla-deploy-trust-policy.json"), "trust policy")) {
      JsonNode externalId = statement.path("Condition").path("StringEquals").path("sts:ExternalId");
      assertFalse(strings(externalId).isEmpty(), "every statement requires sts:ExternalId: " + statement);
    }
  }

  @Test
  void theControllerMayOnlyAssumeDeployRoles() {
    for (JsonNode statement : statements(read("flotilla-controller-policy.json"), "controller policy")) {
      assertEquals(List.of("sts:AssumeRole"), strings(statement.path("Action")));
      strings(statement.path("Resource")).forEach(resource ->
          assertTrue(resource.matches("arn:aws[a-z-]*:iam::(\\*|[0-9]{12}):role/flotilla-deploy"), resource));
    }
    assertTrue(sources().values().stream().anyMatch(text -> text.contains("StsAssumeRoleCredentialsProvider")),
        "the adapter reaches other accounts with STS AssumeRole, which is what the controller policy allows");
  }

  @Test
  void everyActionTheAdapterCallsIsAllowedByTheDeployPolicy() {
    Set<String> allowed = allowedActions();
    Map<String, String> called = calledActions();
    assertFalse(called.isEmpty(), "found no AWS calls in " + SOURCES.toAbsolutePath());
    List<String> missing = called.keySet().stream().filter(action -> !allows(allowed, action))
        .map(action -> action + " (called in " + called.get(action) + ")").toList();
    assertEquals(List.of(), missing, "actions the adapter calls that flotilla-deploy-policy.json does not allow");
  }

  @Test
  void theDeployPolicyAllowsNothingTheAdapterDoesNotNeed() {
    Map<String, String> called = calledActions();
    List<String> unneeded = new ArrayList<>();
    for (String action : allowedActions()) {
      assertFalse(action.contains("*"), "list actions one by one, no wildcards: " + action);
      Extra extra = EXTRAS.get(action);
      if (extra != null) {
        assertTrue(called.containsKey(extra.neededBy()), action + " is allowed because " + extra.why()
            + ", but the adapter no longer calls " + extra.neededBy());
      } else if (!called.containsKey(action)) {
        unneeded.add(action);
      }
    }
    assertEquals(List.of(), unneeded, "actions flotilla-deploy-policy.json allows that no code calls");
  }

  @Test
  void tagPermissionsOnlyApplyWhileCreating() {
    for (JsonNode statement : statements(read("flotilla-deploy-policy.json"), "deploy policy")) {
      List<String> actions = strings(statement.path("Action"));
      if (actions.contains("ec2:CreateTags")) {
        assertFalse(strings(statement.path("Condition").path("StringEquals").path("ec2:CreateAction")).isEmpty(), statement.toString());
      }
      if (actions.contains("elasticloadbalancing:AddTags")) {
        assertFalse(strings(statement.path("Condition").path("StringEquals").path("elasticloadbalancing:CreateAction")).isEmpty(),
            statement.toString());
      }
    }
  }

  @Test
  void changesAreScopedByResourceOrConditionAndReadsCoverAllResources() {
    for (JsonNode statement : statements(read("flotilla-deploy-policy.json"), "deploy policy")) {
      List<String> actions = strings(statement.path("Action"));
      boolean everywhere = strings(statement.path("Resource")).contains("*");
      boolean reads = actions.stream().allMatch(IamPolicyTest::isRead);
      boolean writes = actions.stream().noneMatch(IamPolicyTest::isRead);
      assertTrue(reads || writes, "keep reads and changes in separate statements: " + actions);
      if (reads) {
        // Describe* and GetMetricData take no resource-level permissions: anything narrower than "*" denies them
        assertTrue(everywhere, "reads need \"Resource\": \"*\": " + actions);
      } else if (!actions.equals(List.of("ec2:RunInstances"))) {
        // RunInstances is checked on every resource of the launch (instance, subnet, image, ...): see docs/aws.md
        assertFalse(everywhere && statement.path("Condition").isMissingNode(), "unscoped change: " + actions);
      }
    }
  }

  @Test
  void theAdapterUsesOnlyTheAwsServicesThePoliciesCover() {
    Set<String> used = new TreeSet<>();
    sources().values().forEach(text -> {
      Matcher matcher = SDK_IMPORT.matcher(text);
      while (matcher.find()) {
        used.add(matcher.group(1));
      }
    });
    used.removeAll(SDK_SERVICES);
    assertEquals(Set.of(), used, "SDK services not covered by the policies in deploy/aws");
  }

  private static boolean isRead(String action) {
    String name = action.substring(action.indexOf(':') + 1);
    return name.startsWith("Describe") || name.startsWith("Get") || name.startsWith("List");
  }

  /** IAM action -> the source file that calls it, from every {@code calls.<service>(...)} in the adapter. */
  private static Map<String, String> calledActions() {
    Map<String, String> out = new TreeMap<>();
    sources().forEach((file, text) -> {
      Matcher call = CALL.matcher(text);
      while (call.find()) {
        String arguments = argumentsFrom(text, call.end(), file);
        Matcher operation = OPERATION.matcher(arguments);
        assertTrue(operation.find(), file + ": no `client -> client.operation(` in calls." + call.group(1) + "(" + arguments + ")");
        String name = operation.group(2);
        out.putIfAbsent(PREFIXES.get(call.group(1)) + ":" + Character.toUpperCase(name.charAt(0)) + name.substring(1), file);
      }
    });
    return out;
  }

  /** The text between the parenthesis opened just before {@code start} and the one that closes it. */
  private static String argumentsFrom(String text, int start, String file) {
    int depth = 1;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return text.substring(start, i);
      }
    }
    throw new AssertionError(file + ": unbalanced parentheses after offset " + start);
  }

  private static Map<String, String> sources() {
    try (Stream<Path> files = Files.list(SOURCES)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted()
          .collect(Collectors.toMap(file -> file.getFileName().toString(), IamPolicyTest::text, (a, b) -> a, TreeMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> allowedActions() {
    Set<String> out = new TreeSet<>();
    statements(read("flotilla-deploy-policy.json"), "deploy policy").forEach(statement -> out.addAll(strings(statement.path("Action"))));
    return out;
  }

  /** IAM action names are case-insensitive and may use {@code *} and {@code ?} wildcards. */
  private static boolean allows(Set<String> allowed, String action) {
    return allowed.stream().anyMatch(pattern -> action.toLowerCase(Locale.ROOT).matches(
        pattern.toLowerCase(Locale.ROOT).replace(".", "\\.").replace("*", ".*").replace("?", ".")));
  }

  private static List<JsonNode> statements(JsonNode policy, String what) {
    JsonNode statement = policy.path("Statement");
    List<JsonNode> out = new ArrayList<>();
    if (statement.isArray()) {
      statement.forEach(out::add);
    } else if (statement.isObject()) {
      out.add(statement);
    }
    assertFalse(out.isEmpty(), what + " has no statements");
    return out;
  }

  /** A policy element that is one string or a list of strings. */
  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(item -> {
        assertTrue(item.isTextual(), "not a string: " + item);
        out.add(item.asText());
      });
    }
    return out;
  }

  private static JsonNode read(String file) {
    try {
      return JSON.readTree(POLICIES.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file, e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
