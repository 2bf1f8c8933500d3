package io.flotilla.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds a {@link ServiceSpec} from a parsed YAML or JSON document (DESIGN.md §6): checks every field, rejects
 * unknown ones at every level, fills in {@link SpecDefaults}, and reports all problems at once as a
 * {@link SpecValidationException} whose errors name each field by path, e.g. {@code rollout.steps[2].weight}.
 * Use {@link SpecCodec} to read text.
 */
public final class SpecReader {
  /** Service names: they become host names, stack names and URL segments. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");
  /** Team, account and region identifiers. */
  public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern HOST_NAME = Pattern.compile(
      "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  private static final List<String> FIELDS = List.of(
      "name", "team", "account", "region", "endpoint", "image", "runtime", "rollout", "analysis", "retention");
  private static final List<String> ENDPOINT_FIELDS = List.of("host", "port");
  private static final List<String> RETENTION_FIELDS = List.of("keepPreviousFor", "maxLiveVersions");

  private SpecReader() {}

  /** The spec in {@code document}; throws {@link SpecValidationException} listing every invalid field. */
  public static ServiceSpec read(JsonNode document) {
    if (document == null || document.isMissingNode() || document.isNull()) {
      throw new SpecValidationException(List.of(new FieldError("$", "the document is empty")));
    }
    ErrorCollector errors = new ErrorCollector();
    ObjectFields fields = ObjectFields.of(document, "", errors, FIELDS);
    String name = fields.require("name") ? fields.matching("name", NAME, null) : null;
    String team = fields.matching("team", LABEL, SpecDefaults.TEAM);
    JsonNode accountValue = fields.value("account");
    if (accountValue != null && accountValue.isNumber()) {
      // YAML reads an unquoted AWS account id as a number, losing any leading zero
      fields.error("account", "must be a string: quote account ids in YAML, e.g. account: \"012345678901\"");
    }
    String account = accountValue != null && accountValue.isNumber() ? null
        : fields.matching("account", LABEL, SpecDefaults.ACCOUNT);
    String region = fields.matching("region", LABEL, SpecDefaults.REGION);
    EndpointAddress endpoint = endpoint(fields.object("endpoint", ENDPOINT_FIELDS), name);
    String image = fields.require("image") ? image(fields) : null;
    RuntimeSpec runtime = RuntimeReader.read(fields.object("runtime", RuntimeReader.FIELDS));
    RolloutPolicy rollout = RolloutReader.read(fields.object("rollout", RolloutReader.FIELDS));
    AnalysisPolicy analysis = AnalysisReader.read(fields.object("analysis", AnalysisReader.FIELDS));
    RetentionPolicy retention = retention(fields.object("retention", RETENTION_FIELDS));
    errors.throwIfAny();
    return new ServiceSpec(name, team, account, region, endpoint, image, runtime, rollout, analysis, retention);
  }

  private static EndpointAddress endpoint(ObjectFields fields, String serviceName) {
    int mark = fields.errors().mark();
    String host = fields.string("host", serviceName == null ? null : SpecDefaults.endpointHost(serviceName));
    if (host != null && fields.has("host") && !HOST_NAME.matcher(host).matches()) {
      fields.error("host", ObjectFields.quote(host) + " is not a valid host name");
    }
    Integer port = fields.integer("port", 0, 65535, SpecDefaults.ENDPOINT_PORT);
    return fields.errors().addedSince(mark) || host == null ? null : new EndpointAddress(host, port);
  }

  private static String image(ObjectFields fields) {
    String image = fields.nonBlank("image", null);
    if (image != null && image.chars().anyMatch(Character::isWhitespace)) {
      fields.error("image", "must not contain whitespace");
      return null;
    }
    return image;
  }

  private static RetentionPolicy retention(ObjectFields fields) {
    int mark = fields.errors().mark();
    Duration keepPreviousFor = fields.duration("keepPreviousFor", Duration.ZERO, Duration.ofDays(30),
        SpecDefaults.KEEP_PREVIOUS_FOR);
    // Two is the floor: the baseline and the canary are both alive during a release.
    Integer maxLiveVersions = fields.integer("maxLiveVersions", 2, 10, SpecDefaults.MAX_LIVE_VERSIONS);
    if (fields.errors().addedSince(mark)) {
      return null;
    }
    return new RetentionPolicy(keepPreviousFor, maxLiveVersions);
  }
}
