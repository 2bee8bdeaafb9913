package io.salesflow.maintenance;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one run should do: the tasks (the configured ones when none are named) and an optional time
 * limit below the Lambda's own.
 *
 * @param tasks tasks to run; empty means the configured default
 * @param timeBudget optional limit of the run
 */
public record MaintenanceRequest(Set<MaintenanceTask> tasks, Optional<Duration> timeBudget) {

  /** On-demand event field: task ids, e.g. {@code ["compact","expire"]}. */
  public static final String TASKS = "tasks";

  /** On-demand event field: time limit of the run in seconds. */
  public static final String TIME_BUDGET_SECONDS = "timeBudgetSeconds";

  public MaintenanceRequest {
    tasks = tasks.isEmpty() ? EnumSet.noneOf(MaintenanceTask.class) : EnumSet.copyOf(tasks);
  }

  /** The configured tasks, no extra limit. */
  public static MaintenanceRequest defaults() {
    return new MaintenanceRequest(Set.of(), Optional.empty());
  }

  /**
   * Reads a Lambda event: an EventBridge scheduled event (its {@code detail}, usually empty, may
   * carry the fields) or an on-demand JSON object with {@value #TASKS} and {@value
   * #TIME_BUDGET_SECONDS}.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public static MaintenanceRequest fromEvent(Map<String, ?> event) {
    if (event == null) {
      return defaults();
    }
    Map<?, ?> fields = event;
    if (event.get("detail") instanceof Map<?, ?> detail && !event.containsKey(TASKS)) {
      fields = detail;
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
    return new MaintenanceRequest(tasks, budget);
  }
}
