package io.salesflow.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Restore pins: a restored month stays in the live table until its pin expires, so the nightly
 * archival does not move it straight back although it is still older than the active window. A pin
 * is the table property {@code salesflow.archive.pinned.<yyyy-MM>} whose value is the ISO-8601
 * instant it expires at, e.g. {@code salesflow.archive.pinned.2023-04=2025-07-20T03:00:00Z}.
 *
 * <p>Why a table property: the restore sets it in the same catalog commit that re-adds the files
 * (one {@link org.apache.iceberg.Transaction} holding the {@code OverwriteFiles} and the {@code
 * UpdateProperties}), and the archival that moves the month back once the pin has expired removes
 * it in the same commit that removes the files. So a restored month is never live without its pin,
 * no commit is added for the pin (unlike the run checkpoint, which would cost a commit every
 * night), and anyone can see it with the table ({@code SHOW TBLPROPERTIES}). A file next to the
 * archive manifest would be written after the restore commit: a crash in between would leave the
 * month live and unpinned, to be archived again that night.
 */
public final class ArchivePins {

  /** Prefix of the pin properties; the month ({@code yyyy-MM}) follows. */
  public static final String PROPERTY_PREFIX = "salesflow.archive.pinned.";

  /** Days a restored month stays live when the restore names no other period. */
  public static final int DEFAULT_KEEP_DAYS = 30;

  /** Longest pin; months needed live for longer belong in the active window. */
  public static final int MAX_KEEP_DAYS = 365;

  private ArchivePins() {}

  /** The pin property of {@code partition}, e.g. {@code salesflow.archive.pinned.2023-04}. */
  public static String property(MonthPartition partition) {
    return PROPERTY_PREFIX + partition.yearMonth();
  }

  /**
   * The pin period of {@code days} days.
   *
   * @throws IllegalArgumentException beginning "Invalid keep days" unless 1 to {@value
   *     #MAX_KEEP_DAYS}
   */
  public static Duration keep(long days) {
    if (days < 1 || days > MAX_KEEP_DAYS) {
      throw new IllegalArgumentException(
          "Invalid keep days "
              + days
              + ": must be between 1 and "
              + MAX_KEEP_DAYS
              + " (days the restored month stays live before nightly archival may move it back;"
              + " to keep months live for longer, raise "
              + MaintenanceConfig.ACTIVE_MONTHS
              + ")");
    }
    return Duration.ofDays(days);
  }

  /**
   * When the pin of {@code partition} expires, empty if it has none.
   *
   * @throws MaintenanceException naming the property when its value is not an instant
   */
  static Optional<Instant> until(Map<String, String> properties, MonthPartition partition) {
    String value = properties.get(property(partition));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.trim()));
    } catch (DateTimeParseException e) {
      throw new MaintenanceException(
          "Cannot read table property "
              + property(partition)
              + "='"
              + value
              + "': expected an ISO-8601 instant such as 2025-07-20T03:00:00Z; the month is kept"
              + " live until the property is fixed or removed",
          e);
    }
  }

  /** Why a run leaves {@code partition} live: its pin and how to archive it anyway. */
  static String reason(MonthPartition partition, Instant until) {
    return "pinned by a restore until "
        + until
        + " (table property "
        + property(partition)
        + "); archived by the first run after that, or now with `salesflow archive"
        + " --include-pinned` (event field "
        + MaintenanceRequest.INCLUDE_PINNED
        + ": true)";
  }
}
