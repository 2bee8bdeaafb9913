package io.salesflow.athenaquery;

import io.salesflow.query.InvalidQueryRequestException;
import io.salesflow.query.QueryLibrary;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one invocation asks for, parsed from the Lambda event:
 *
 * <ul>
 *   <li>on demand: {@code {"query": "<name>", "parameters": {...}}};
 *   <li>EventBridge scheduled event ({@code "detail-type": "Scheduled Event"}): the schedule (or
 *       single query) is named by {@code detail.schedule} / {@code detail.query} when the rule
 *       passes them, else by the end of the rule's name ({@code ...-daily} runs schedule {@code
 *       daily}); parameters from {@code detail.parameters}; the event's time dates the reports and
 *       evaluates default expressions, its id names the run;
 *   <li>a rule's constant input: {@code {"schedule": "<name>", "parameters": {...}}}.
 * </ul>
 *
 * @param trigger how the run was started
 * @param query the query to run, if one is named
 * @param schedule the schedule whose queries to run, if a schedule is named
 * @param parameters request values by parameter name
 * @param runTime the time the reports are dated by
 * @param runId id of the run
 */
public record RunRequest(
    Trigger trigger,
    Optional<String> query,
    Optional<String> schedule,
    Map<String, Object> parameters,
    Instant runTime,
    String runId) {

  /** How a run was started. */
  public enum Trigger {
    ON_DEMAND,
    SCHEDULE
  }

  /**
   * Parses an event.
   *
   * @throws InvalidQueryRequestException if the event names nothing runnable
   */
  static RunRequest parse(
      Map<String, Object> event, QueryLibrary library, String requestId, Clock clock) {
    Map<String, Object> e = event == null ? Map.of() : event;
    if ("Scheduled Event".equals(e.get("detail-type")) || "aws.events".equals(e.get("source"))) {
      return scheduled(e, library, requestId, clock);
    }
    if (e.get("schedule") != null) {
      return new RunRequest(
          Trigger.SCHEDULE,
          Optional.empty(),
          Optional.of(text(e, "schedule")),
          parameters(e),
          clock.instant(),
          requestId);
    }
    if (e.get("query") != null) {
      return new RunRequest(
          Trigger.ON_DEMAND,
          Optional.of(text(e, "query")),
          Optional.empty(),
          parameters(e),
          clock.instant(),
          requestId);
    }
    throw new InvalidQueryRequestException(
        "Invalid event: expected {\"query\": \"<name>\", \"parameters\": {...}} or an EventBridge"
            + " scheduled event; queries: "
            + String.join(", ", library.names())
            + "; schedules: "
            + String.join(", ", library.schedules().keySet()));
  }

  private static RunRequest scheduled(
      Map<String, Object> e, QueryLibrary library, String requestId, Clock clock) {
    Map<String, Object> detail = map(e, "detail");
    Optional<String> query = Optional.ofNullable(detail.get("query")).map(String::valueOf);
    Optional<String> schedule = Optional.ofNullable(detail.get("schedule")).map(String::valueOf);
    if (query.isEmpty() && schedule.isEmpty()) {
      String rule = ruleName(e);
      schedule = longestSuffix(rule, List.copyOf(library.schedules().keySet()));
      if (schedule.isEmpty()) {
        query = longestSuffix(rule, library.names());
      }
      if (schedule.isEmpty() && query.isEmpty()) {
        throw new InvalidQueryRequestException(
            "Invalid scheduled event: rule '"
                + rule
                + "' names no schedule or query (its name must end with '-<schedule>', or pass"
                + " {\"schedule\": ...} in the event detail); schedules: "
                + String.join(", ", library.schedules().keySet()));
      }
    }
    Object id = e.get("id");
    return new RunRequest(
        Trigger.SCHEDULE,
        query,
        schedule,
        detail.containsKey("parameters") ? parameters(detail) : parameters(e),
        time(e, clock),
        id == null ? requestId : id.toString());
  }

  private static String ruleName(Map<String, Object> e) {
    Object resources = e.get("resources");
    if (resources instanceof List<?> list && !list.isEmpty()) {
      String arn = String.valueOf(list.get(0));
      return arn.substring(arn.lastIndexOf('/') + 1);
    }
    return "";
  }

  /** The longest of {@code names} that the rule name is or ends with after a '-'. */
  private static Optional<String> longestSuffix(String rule, List<String> names) {
    return names.stream()
        .filter(n -> rule.equals(n) || rule.endsWith("-" + n))
        .max(Comparator.comparingInt(String::length));
  }

  private static Instant time(Map<String, Object> e, Clock clock) {
    Object time = e.get("time");
    if (time == null) {
      return clock.instant();
    }
    try {
      return Instant.parse(time.toString());
    } catch (DateTimeParseException ex) {
      throw new InvalidQueryRequestException(
          "Invalid scheduled event: time '" + time + "' is not an ISO-8601 instant");
    }
  }

  private static String text(Map<String, Object> e, String key) {
    Object value = e.get(key);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new InvalidQueryRequestException(
          "Invalid event: '" + key + "' must be a non-empty string, got " + value);
    }
    return s;
  }

  private static Map<String, Object> parameters(Map<String, Object> e) {
    return new LinkedHashMap<>(map(e, "parameters"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> e, String key) {
    Object value = e.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new InvalidQueryRequestException(
          "Invalid event: '" + key + "' must be an object, got " + value);
    }
    return (Map<String, Object>) value;
  }
}
