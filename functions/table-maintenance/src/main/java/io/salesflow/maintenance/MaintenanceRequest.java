package io.salesflow.maintenance;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one run should do: the tasks (the configured ones when none are named), an optional time
 * limit below the Lambda's own, and whether archival honours restore pins.
 *
 * @param tasks tasks to run; empty means the configured default
 * @param timeBudget optional limit of the run
 * @param pinnedMonths what archival does with months a restore pinned
 */
public record MaintenanceRequest(
    Set<MaintenanceTask> tasks, Optional<Duration> timeBudget, PinnedMonths pinnedMonths) {

  /** On-demand event field: task ids, e.g. {@code ["compact","expire"]}. */
  public static final String TASKS = "tasks";

  /** On-demand event field: time limit of the run in seconds. */
  public static final String TIME_BUDGET_SECONDS = "timeBudgetSeconds";

  /**
   * On-demand event field: {@code true} archives months pinned by a restore too (default false).
   */
  public static final String INCLUDE_PINNED = "includePinned";

  public MaintenanceRequest {
    tasks = tasks.isEmpty() ? EnumSet.noneOf(MaintenanceTask.class) : EnumSet.copyOf(tasks);
    Objects.requireNonNull(pinnedMonths, "pinnedMonths");
  }

  /** A request that leaves pinned months live. */
  public MaintenanceRequest(Set<MaintenanceTask> tasks, Optional<Duration> timeBudget) {
    this(tasks, timeBudget, PinnedMonths.SKIP);
  }

  /** The configured tasks, no extra limit. */
  public static MaintenanceRequest defaults() {
    return new MaintenanceRequest(Set.of(), Optional.empty());
  }

  /**
   * Reads a Lambda event: an EventBridge scheduled event (its {@code detail}, usually empty, may
   * carry the fields) or an on-demand JSON object with {@value #TASKS}, {@value
   * #TIME_BUDGET_SECONDS} and {@value #INCLUDE_PINNED}. A restore event ({@link RestoreRequest}) is
   * no maintenance run and is refused here.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public static MaintenanceRequest fromEvent(Map<String, ?> event) {
    Map<?, ?> fields = fields(event);
    if (fields.containsKey(RestoreRequest.RESTORE)) {
      // A restore runs no maintenance task: the handler reads it with RestoreRequest instead.
      throw new IllegalArgumentException(
          "Invalid event field "
              + RestoreRequest.RESTORE
              + " in a maintenance run: read restore events with RestoreRequest.fromEvent");
    }
    Set<MaintenanceTask> tasks = EnumSet.noneOf(MaintenanceTask.class);
    Object rawTasks = fields.get(TASKS);
    if (rawTasks instanceof Collection<?> list) {
      list.forEach(t -> tasks.add(MaintenanceTask.of(String.valueOf(t))));
    } else if (rawTasks instanceof String text && !text.isBlank()) {
      List.of(text.split(",")).forEach(t -> tasks.add(MaintenanceTask.of(t)));
    } else if (rawTasks != null) {
      throw new IllegalArgumentException(
          "Invalid " + TASKS + ": " + rawTasks + ", must be a list of " + MaintenanceTask.ids());
    }
    return new MaintenanceRequest(tasks, budget(fields), pinnedMonths(fields));
  }

  /** The event's fields: its {@code detail} for an EventBridge event, else the event itself. */
  static Map<?, ?> fields(Map<String, ?> event) {
    if (event == null) {
      return Map.of();
    }
    if (event.get("detail") instanceof Map<?, ?> detail
        && !event.containsKey(TASKS)
        && !event.containsKey(RestoreRequest.RESTORE)) {
      return detail;
    }
    return event;
  }

  private static Optional<Duration> budget(Map<?, ?> fields) {
    Object seconds = fields.get(TIME_BUDGET_SECONDS);
    Optional<Duration> budget = Optional.empty();
    if (seconds != null) {
      long value;
      try {
        value = Long.parseLong(String.valueOf(seconds));
      } catch (NumberFormatException e) {
        value = -1;
      }
      if (value <= 0) {
        throw new IllegalArgumentException(
            "Invalid " + TIME_BUDGET_SECONDS + ": " + seconds + ", must be a whole number > 0");
      }
      budget = Optional.of(Duration.ofSeconds(value));
    }
    return budget;
  }

  private static PinnedMonths pinnedMonths(Map<?, ?> fields) {
    Object include = fields.get(INCLUDE_PINNED);
    if (include == null) {
      return PinnedMonths.SKIP;
    }
    return switch (String.valueOf(include).trim().toLowerCase(Locale.ROOT)) {
      case "true" -> PinnedMonths.ARCHIVE;
      case "false" -> PinnedMonths.SKIP;
      default ->
          throw new IllegalArgumentException(
              "Invalid " + INCLUDE_PINNED + ": " + include + ", must be true or false");
    };
  }
}
