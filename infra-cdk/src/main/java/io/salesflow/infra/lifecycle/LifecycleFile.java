package io.salesflow.infra.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.infra.lifecycle.LifecycleRuleSpec.TransitionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a lifecycle rule file: {@code {"Rules": [...]}} in the S3 API's shape, the single source of
 * truth for both the CDK stack and {@code aws s3api put-bucket-lifecycle-configuration
 * --lifecycle-configuration file://lifecycle/<bucket>.json}. The subset understood is the one the
 * rules need (prefix/tag/size filters, day-based transitions and expirations, noncurrent-version
 * actions, multipart-upload aborts); anything else is refused by name rather than dropped.
 */
public final class LifecycleFile {

  private static final Set<String> RULE_FIELDS =
      Set.of(
          "ID",
          "Status",
          "Filter",
          "Transitions",
          "Expiration",
          "NoncurrentVersionTransitions",
          "NoncurrentVersionExpiration",
          "AbortIncompleteMultipartUpload");
  private static final Set<String> STORAGE_CLASSES =
      Set.of(
          "GLACIER",
          "DEEP_ARCHIVE",
          "GLACIER_IR",
          "STANDARD_IA",
          "ONEZONE_IA",
          "INTELLIGENT_TIERING");

  private final Path file;

  private LifecycleFile(Path file) {
    this.file = file;
  }

  /**
   * Parses the rules of {@code file}.
   *
   * @throws IllegalArgumentException naming the file, the rule and the field of the first problem
   */
  public static List<LifecycleRuleSpec> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read lifecycle rules " + file, e);
    }
    return new LifecycleFile(file).rules(root);
  }

  private List<LifecycleRuleSpec> rules(JsonNode root) {
    JsonNode rules = root == null ? null : root.get("Rules");
    if (rules == null || !rules.isArray() || rules.isEmpty() || root.size() != 1) {
      throw invalid(null, "must be an object with one non-empty array \"Rules\"");
    }
    List<LifecycleRuleSpec> specs = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode rule : rules) {
      LifecycleRuleSpec spec = rule(rule);
      if (!ids.add(spec.id())) {
        throw invalid(spec.id(), "duplicate ID");
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  private LifecycleRuleSpec rule(JsonNode rule) {
    String id = text(rule, "ID", null);
    if (id == null || id.isBlank() || id.length() > 255) {
      throw invalid(null, "every rule needs an \"ID\" of 1-255 characters");
    }
    for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!RULE_FIELDS.contains(field)) {
        throw invalid(id, "unsupported field \"" + field + "\"; supported: " + RULE_FIELDS);
      }
    }
    String status = text(rule, "Status", id);
    if (!"Enabled".equals(status) && !"Disabled".equals(status)) {
      throw invalid(id, "\"Status\" must be Enabled or Disabled");
    }
    JsonNode filter = rule.get("Filter");
    if (filter == null || !filter.isObject()) {
      throw invalid(id, "needs a \"Filter\" object ({} for the whole bucket)");
    }
    JsonNode and = filter.has("And") ? filter.get("And") : filter;
    JsonNode expiration = rule.path("Expiration");
    Optional<Integer> expirationDays = days(expiration, "Days", id);
    boolean deleteMarker = expiration.path("ExpiredObjectDeleteMarker").asBoolean(false);
    if (expiration.has("Date")) {
      throw invalid(id, "Expiration.Date is not supported; use Expiration.Days");
    }
    if (expirationDays.isPresent() && deleteMarker) {
      throw invalid(id, "Expiration cannot have both Days and ExpiredObjectDeleteMarker");
    }
    JsonNode noncurrent = rule.path("NoncurrentVersionExpiration");
    LifecycleRuleSpec spec =
        new LifecycleRuleSpec(
            id,
            "Enabled".equals(status),
            and.has("Prefix") ? text(and, "Prefix", id) : "",
            tags(and, id),
            size(and, "ObjectSizeGreaterThan", id),
            size(and, "ObjectSizeLessThan", id),
            transitions(rule.path("Transitions"), "Days", id),
            expirationDays,
            deleteMarker,
            days(noncurrent, "NoncurrentDays", id),
            days(noncurrent, "NewerNoncurrentVersions", id),
            transitions(rule.path("NoncurrentVersionTransitions"), "NoncurrentDays", id),
            days(rule.path("AbortIncompleteMultipartUpload"), "DaysAfterInitiation", id));
    if (!spec.actsOnCurrentObjects()
        && spec.noncurrentExpirationDays().isEmpty()
        && spec.noncurrentTransitions().isEmpty()
        && spec.abortIncompleteMultipartUploadDays().isEmpty()
        && !deleteMarker) {
      throw invalid(id, "has no action");
    }
    return spec;
  }

  private List<TransitionSpec> transitions(JsonNode node, String daysField, String id) {
    if (node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(id, "transitions must be an array");
    }
    List<TransitionSpec> transitions = new ArrayList<>();
    for (JsonNode t : node) {
      String storageClass = text(t, "StorageClass", id);
      if (!STORAGE_CLASSES.contains(storageClass)) {
        throw invalid(id, "unknown StorageClass " + storageClass + "; known: " + STORAGE_CLASSES);
      }
      int days =
          days(t, daysField, id)
              .orElseThrow(() -> invalid(id, "every transition needs \"" + daysField + "\""));
      transitions.add(new TransitionSpec(days, storageClass));
    }
    return transitions;
  }

  private Map<String, String> tags(JsonNode filter, String id) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (filter.has("Tag")) {
      tags.put(text(filter.get("Tag"), "Key", id), text(filter.get("Tag"), "Value", id));
    }
    for (JsonNode tag : filter.path("Tags")) {
      tags.put(text(tag, "Key", id), text(tag, "Value", id));
    }
    return tags;
  }

  private Optional<Long> size(JsonNode node, String field, String id) {
    JsonNode value = node.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.canConvertToLong() || value.asLong() < 0) {
      throw invalid(id, field + " must be a non-negative number of bytes");
    }
    return Optional.of(value.asLong());
  }

  private Optional<Integer> days(JsonNode node, String field, String id) {
    JsonNode value = node.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || value.asInt() < 0) {
      throw invalid(id, field + " must be a whole number of days >= 0, got " + value);
    }
    return Optional.of(value.asInt());
  }

  private String text(JsonNode node, String field, String id) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw invalid(id, "\"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private IllegalArgumentException invalid(String ruleId, String problem) {
    return new IllegalArgumentException(
        "Invalid lifecycle rule file "
            + file
            + (ruleId == null ? "" : ", rule '" + ruleId + "'")
            + ": "
            + problem);
  }
}
