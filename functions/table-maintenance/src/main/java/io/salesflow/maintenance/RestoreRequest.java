package io.salesflow.maintenance;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An on-demand restore of one archived month, the Lambda's counterpart of {@code salesflow
 * restore}: the event {@code {"restore":{"month":"2023-04","keepDays":30}}}. A restore event runs
 * no maintenance task, so it may not carry {@value MaintenanceRequest#TASKS}, {@value
 * MaintenanceRequest#TIME_BUDGET_SECONDS} or {@value MaintenanceRequest#INCLUDE_PINNED}.
 *
 * @param partition the month to restore
 * @param keepDays days the restored month stays pinned live ({@link ArchivePins})
 */
public record RestoreRequest(MonthPartition partition, int keepDays) {

  /** Event field: the restore, an object with {@value #MONTH} and optional {@value #KEEP_DAYS}. */
  public static final String RESTORE = "restore";

  /** Restore field: the month, {@code yyyy-MM} as in the pin property, e.g. {@code 2023-04}. */
  public static final String MONTH = "month";

  /**
   * Restore field: days the month stays live, 1-365, default {@value
   * ArchivePins#DEFAULT_KEEP_DAYS}.
   */
  public static final String KEEP_DAYS = "keepDays";

  private static final Pattern YYYY_MM = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

  public RestoreRequest {
    Objects.requireNonNull(partition, "partition");
    ArchivePins.keep(keepDays);
  }

  /**
   * The restore an event asks for, empty when it names none (a maintenance run, see {@link
   * MaintenanceRequest#fromEvent}). Like a run's fields, the restore may sit in an EventBridge
   * event's {@code detail}.
   *
   * @throws IllegalArgumentException beginning "Invalid restore", naming the bad field
   */
  public static Optional<RestoreRequest> fromEvent(Map<String, ?> event) {
    Map<?, ?> fields = MaintenanceRequest.fields(event);
    Object restore = fields.get(RESTORE);
    if (restore == null) {
      return Optional.empty();
    }
    List<String> runFields =
        List.of(
                MaintenanceRequest.TASKS,
                MaintenanceRequest.TIME_BUDGET_SECONDS,
                MaintenanceRequest.INCLUDE_PINNED)
            .stream()
            .filter(fields::containsKey)
            .toList();
    if (!runFields.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid restore event: it also names "
              + runFields
              + ", which belong to maintenance runs; send the restore on its own");
    }
    if (!(restore instanceof Map<?, ?> values)) {
      throw new IllegalArgumentException(
          "Invalid " + RESTORE + ": " + restore + ", must be an object such as " + example());
    }
    for (Object key : values.keySet()) {
      if (!MONTH.equals(key) && !KEEP_DAYS.equals(key)) {
        throw new IllegalArgumentException(
            "Invalid " + RESTORE + " field '" + key + "': use " + MONTH + " and " + KEEP_DAYS);
      }
    }
    return Optional.of(
        new RestoreRequest(month(values.get(MONTH)), keepDays(values.get(KEEP_DAYS))));
  }

  private static MonthPartition month(Object value) {
    String text = value == null ? "" : String.valueOf(value).trim();
    if (YYYY_MM.matcher(text).matches()) {
      YearMonth yearMonth = YearMonth.parse(text);
      return new MonthPartition(yearMonth.getYear(), yearMonth.getMonthValue());
    }
    throw new IllegalArgumentException(
        "Invalid "
            + RESTORE
            + "."
            + MONTH
            + ": "
            + (value == null ? "missing" : value)
            + ", must be the archived month as yyyy-MM, e.g. "
            + example());
  }

  private static int keepDays(Object value) {
    if (value == null) {
      return ArchivePins.DEFAULT_KEEP_DAYS;
    }
    long days;
    try {
      days = Long.parseLong(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid "
              + RESTORE
              + "."
              + KEEP_DAYS
              + ": "
              + value
              + ", must be a whole number of days between 1 and "
              + ArchivePins.MAX_KEEP_DAYS,
          e);
    }
    try {
      return (int) ArchivePins.keep(days).toDays();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("keep days", RESTORE + "." + KEEP_DAYS), e);
    }
  }

  private static String example() {
    return "{\"" + RESTORE + "\":{\"" + MONTH + "\":\"2023-04\",\"" + KEEP_DAYS + "\":30}}";
  }
}
