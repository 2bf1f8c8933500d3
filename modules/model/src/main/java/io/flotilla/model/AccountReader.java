package io.flotilla.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates an account document ({@code id}, {@code alias}, {@code roleArn}, {@code externalId},
 * {@code regions}); every invalid field is reported by name in one {@link SpecValidationException}.
 */
public final class AccountReader {
  /** Account ids and aliases: what a service spec's {@code account} field may hold. */
  public static final Pattern ID = SpecReader.LABEL;
  public static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final List<String> FIELDS = List.of("id", "alias", "roleArn", "externalId", "regions");
  private static final int MAX_REGIONS = 40;

  private AccountReader() {}

  /**
   * The account in {@code document}. {@code pathId}, when given, is the id from the URL: the document may omit
   * {@code id} or must repeat it.
   */
  public static Account read(JsonNode document, String pathId) {
    if (document == null || document.isMissingNode() || document.isNull()) {
      throw new SpecValidationException(List.of(new FieldError("$", "the document is empty")));
    }
    ErrorCollector errors = new ErrorCollector();
    ObjectFields fields = ObjectFields.of(document, "", errors, FIELDS);
    // null when absent without a path id, or invalid (its error is recorded)
    String id = fields.matching("id", ID, pathId);
    if (id == null && !fields.has("id")) {
      fields.require("id");
    } else if (id != null && pathId != null && !id.equals(pathId)) {
      fields.error("id", ObjectFields.quote(id) + " does not match the account in the path ('" + pathId + "')");
    }
    String alias = fields.matching("alias", ID, id);
    String roleArn = fields.matching("roleArn", ROLE_ARN, null);
    String externalId = fields.matching("externalId", EXTERNAL_ID, null);
    if (roleArn == null && externalId != null && !fields.has("roleArn")) {
      fields.error("externalId", "is only used with roleArn");
    }
    List<String> regions = regions(fields);
    errors.throwIfAny();
    return new Account(id, alias, roleArn, externalId, regions);
  }

  private static List<String> regions(ObjectFields fields) {
    if (!fields.require("regions")) {
      return List.of();
    }
    List<JsonNode> items = fields.list("regions");
    if (items == null) {
      return List.of();
    }
    if (items.isEmpty() || items.size() > MAX_REGIONS) {
      fields.error("regions", "must list between 1 and " + MAX_REGIONS + " regions");
      return List.of();
    }
    Set<String> regions = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isTextual() || !REGION.matcher(item.textValue()).matches()) {
        fields.errors().add(fields.itemPath("regions", i), "must be a region name like us-east-1");
      } else if (!regions.add(item.textValue())) {
        fields.errors().add(fields.itemPath("regions", i), ObjectFields.quote(item.textValue()) + " is listed twice");
      }
    }
    return new ArrayList<>(regions);
  }
}
