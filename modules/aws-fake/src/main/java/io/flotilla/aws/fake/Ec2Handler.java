package io.flotilla.aws.fake;

import io.flotilla.aws.fake.RegionState.LaunchTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2 launch templates, in EC2's own query dialect: lower-camel elements, {@code item} lists, no Result wrapper.
 * DescribeLaunchTemplates pages when asked to, like AWS: {@code MaxResults} (1 to 200) and an opaque
 * {@code NextToken}; without {@code MaxResults} it answers everything at once.
 */
final class Ec2Handler implements FakeAws.ServiceHandler {
  private static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final int MAX_RESULTS = 200;
  private final FakeAws fake;

  Ec2Handler(FakeAws fake) {
    this.fake = fake;
  }

  @Override
  public String handle(String action, Params params, RegionState state, String requestId) {
    return switch (action) {
      case "CreateLaunchTemplate" -> create(params, state, requestId);
      case "DescribeLaunchTemplates" -> describe(params, state, requestId);
      case "DeleteLaunchTemplate" -> delete(params, state, requestId);
      default -> throw FakeAws.unknownAction(action);
    };
  }

  private String create(Params params, RegionState state, String requestId) {
    String name = params.require("LaunchTemplateName");
    if (findByName(state, name) != null) {
      throw FakeAwsError.validation("InvalidLaunchTemplateName.AlreadyExistsException",
          "Launch template name already in use.");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Params spec : params.list("TagSpecification")) {
      if ("launch-template".equals(spec.get("ResourceType").orElse("launch-template"))) {
        tags.putAll(spec.tags("Tag"));
      }
    }
    Params data = params.sub("LaunchTemplateData");
    String id = "lt-" + state.nextHex(17);
    LaunchTemplate template = new LaunchTemplate(id, name, fake.clock().instant(), data.get("ImageId").orElse(null),
        data.get("InstanceType").orElse(null), tags);
    state.launchTemplates.put(id, template);
    return document("CreateLaunchTemplateResponse", requestId, new Xml().open("launchTemplate").toString()
        + body(template, state) + "</launchTemplate>");
  }

  private String describe(Params params, RegionState state, String requestId) {
    List<String> names = params.strings("LaunchTemplateName");
    List<String> ids = params.strings("LaunchTemplateId");
    List<LaunchTemplate> found = new ArrayList<>();
    for (String name : names) {
      LaunchTemplate template = findByName(state, name);
      if (template == null) {
        throw FakeAwsError.notFound("InvalidLaunchTemplateName.NotFoundException",
            "At least one of the launch templates specified in the request does not exist.");
      }
      found.add(template);
    }
    for (String id : ids) {
      LaunchTemplate template = state.launchTemplates.get(id);
      if (template == null) {
        throw FakeAwsError.notFound("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID " + id + ", does not exist.");
      }
      found.add(template);
    }
    if (names.isEmpty() && ids.isEmpty()) {
      found.addAll(state.launchTemplates.values());
    }
    for (Params filter : params.list("Filter")) {
      String filterName = filter.require("Name");
      List<String> values = filter.strings("Value");
      found.removeIf(template -> !matches(template, filterName, values));
    }
    int maxResults = params.intOr("MaxResults", Math.max(1, found.size()));
    if (params.get("MaxResults").isPresent() && (maxResults < 1 || maxResults > MAX_RESULTS)) {
      throw FakeAwsError.validation("InvalidParameterValue", "Value ( " + maxResults
          + " ) for parameter maxResults is invalid. Expecting a value between 1 and " + MAX_RESULTS + ".");
    }
    int from = params.get("NextToken").map(Ec2Handler::offsetOf).orElse(0);
    int to = Math.min(found.size(), from + maxResults);
    StringBuilder items = new StringBuilder("<launchTemplates>");
    found.subList(Math.min(from, to), to).forEach(template -> items.append("<item>").append(body(template, state)).append("</item>"));
    items.append("</launchTemplates>");
    if (to < found.size()) {
      items.append(new Xml().leaf("nextToken", tokenOf(to)));
    }
    return document("DescribeLaunchTemplatesResponse", requestId, items.toString());
  }

  private String delete(Params params, RegionState state, String requestId) {
    LaunchTemplate template = params.get("LaunchTemplateId").map(state.launchTemplates::get)
        .orElseGet(() -> findByName(state, params.require("LaunchTemplateName")));
    if (template == null) {
      throw params.get("LaunchTemplateId").isPresent()
          ? FakeAwsError.notFound("InvalidLaunchTemplateId.NotFound", "The specified launch template does not exist.")
          : FakeAwsError.notFound("InvalidLaunchTemplateName.NotFoundException",
              "At least one of the launch templates specified in the request does not exist.");
    }
    state.launchTemplates.remove(template.id);
    return document("DeleteLaunchTemplateResponse", requestId, "<launchTemplate>" + body(template, state) + "</launchTemplate>");
  }

  private static boolean matches(LaunchTemplate template, String filterName, List<String> values) {
    if (filterName.startsWith("tag:")) {
      return values.contains(template.tags.get(filterName.substring(4)));
    }
    if (filterName.equals("tag-key")) {
      return values.stream().anyMatch(template.tags::containsKey);
    }
    if (filterName.equals("launch-template-name")) {
      return values.contains(template.name);
    }
    throw FakeAwsError.validation("InvalidParameterValue", "The filter '" + filterName + "' is invalid");
  }

  /** NextToken is opaque to callers; here it encodes the offset of the next page. */
  private static String tokenOf(int offset) {
    return Base64.getEncoder().encodeToString(("lt:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offsetOf(String token) {
    String text;
    try {
      text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      text = "";
    }
    if (!text.matches("lt:[0-9]{1,9}")) {
      throw FakeAwsError.validation("InvalidPaginationToken", "The pagination token '" + token + "' is invalid.");
    }
    return Integer.parseInt(text.substring(3));
  }

  private static LaunchTemplate findByName(RegionState state, String name) {
    return state.launchTemplates.values().stream().filter(template -> template.name.equals(name)).findFirst().orElse(null);
  }

  private static String body(LaunchTemplate template, RegionState state) {
    return new Xml().leaf("launchTemplateId", template.id).leaf("launchTemplateName", template.name)
        .time("createTime", template.created).leaf("createdBy", "arn:aws:iam::" + state.account + ":root")
        .leaf("defaultVersionNumber", 1).leaf("latestVersionNumber", 1)
        .tags("tagSet", "item", true, template.tags).toString();
  }

  private static String document(String root, String requestId, String content) {
    return "<" + root + " xmlns=\"" + NAMESPACE + "\"><requestId>" + requestId + "</requestId>" + content + "</" + root + ">";
  }
}
