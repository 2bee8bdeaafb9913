package io.salesflow.bootstrap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An invocation of the schema-bootstrap function, parsed and validated: either a direct invocation
 * ({@code {"stage":"dev","tables":["sales_history"],"dryRun":false}}, every key optional) or a
 * CloudFormation custom-resource event as delivered by the CDK {@code Provider} framework's onEvent
 * handler.
 */
sealed interface BootstrapRequest {

  /** Keys accepted in a direct invocation. */
  Set<String> DIRECT_KEYS = Set.of("stage", "tables", "dryRun");

  /** Direct invocation. */
  record Direct(String stage, List<String> tables, boolean dryRun) implements BootstrapRequest {}

  /**
   * CloudFormation custom resource event.
   *
   * @param requestType Create, Update or Delete
   * @param physicalResourceId the id CloudFormation knows (absent on Create)
   * @param stage the {@code Stage} resource property, if given
   * @param tables the {@code Tables} resource property, if given
   * @param dropTablesOnDelete the {@code DropTablesOnDelete} resource property ("true" to drop)
   */
  record CustomResource(
      String requestType,
      String physicalResourceId,
      String stage,
      List<String> tables,
      boolean dropTablesOnDelete)
      implements BootstrapRequest {}

  /** Parses an event; throws {@link IllegalArgumentException} naming the bad field and the fix. */
  static BootstrapRequest parse(Map<String, Object> event) {
    if (event == null) {
      throw new IllegalArgumentException("Invalid event: empty; send {} to bootstrap all tables");
    }
    if (event.containsKey("RequestType")) {
      return parseCustomResource(event);
    }
    for (String key : event.keySet()) {
      if (!DIRECT_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "Invalid event field '"
                + key
                + "': expected only "
                + DIRECT_KEYS
                + " (or a CloudFormation custom resource event)");
      }
    }
    return new Direct(string(event, "stage"), stringList(event, "tables"), bool(event, "dryRun"));
  }

  private static CustomResource parseCustomResource(Map<String, Object> event) {
    String type = string(event, "RequestType");
    if (!List.of("Create", "Update", "Delete").contains(type)) {
      throw new IllegalArgumentException(
          "Invalid RequestType '" + type + "': expected Create, Update or Delete");
    }
    Object props = event.getOrDefault("ResourceProperties", Map.of());
    if (!(props instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("Invalid ResourceProperties: expected an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) map;
    return new CustomResource(
        type,
        string(event, "PhysicalResourceId"),
        string(properties, "Stage"),
        stringList(properties, "Tables"),
        bool(properties, "DropTablesOnDelete"));
  }

  private static String string(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("Invalid " + key + ": expected a string, got " + value);
    }
    return s.isBlank() ? null : s.trim();
  }

  private static List<String> stringList(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      // CloudFormation passes lists through unchanged, but a comma list is easier to type.
      return List.of(s.split(",")).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
    if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
      return list.stream().map(String.class::cast).map(String::trim).toList();
    }
    throw new IllegalArgumentException(
        "Invalid " + key + ": expected a list of table names, got " + value);
  }

  private static boolean bool(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    // CloudFormation turns every property value into a string.
    String s = value.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException("Invalid " + key + ": expected true or false, got " + value);
  }
}
