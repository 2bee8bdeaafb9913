package io.salesflow.infra.config;

import java.util.Optional;
import java.util.Set;

/** Reads the table-maintenance settings of a stage (keys and defaults side by side). */
final class MaintenanceReader {

  /**
   * table-maintenance memory, MB (1024-10240); default 3008: compaction holds a bin of up to 128
   * MiB of input (MAINTENANCE_MAX_GROUP_BYTES) as decoded rows.
   */
  static final String MEMORY_MB = "maintenanceMemoryMb";

  /** table-maintenance timeout, seconds (120-900); default 900, Lambda's longest. */
  static final String TIMEOUT_SECONDS = "maintenanceTimeoutSeconds";

  /** EventBridge cron expression of the scheduled runs; default nightly at 03:15 UTC. */
  static final String SCHEDULE = "maintenanceSchedule";

  /** MAINTENANCE_ACTIVE_MONTHS, months kept live before archival (1-1200); default 24. */
  static final String ACTIVE_MONTHS = "maintenanceActiveMonths";

  /** MAINTENANCE_ORPHAN_MIN_AGE_HOURS, orphan safety window (24-8760); default 72. */
  static final String ORPHAN_MIN_AGE_HOURS = "maintenanceOrphanMinAgeHours";

  static final Set<String> KEYS =
      Set.of(MEMORY_MB, TIMEOUT_SECONDS, SCHEDULE, ACTIVE_MONTHS, ORPHAN_MIN_AGE_HOURS);

  static final int DEFAULT_MEMORY_MB = 3008;
  static final int DEFAULT_TIMEOUT_SECONDS = 900;

  /** Nightly at 03:15 UTC, after the day's peak of ingestion. */
  static final String DEFAULT_SCHEDULE = "cron(15 3 * * ? *)";

  static final int DEFAULT_ACTIVE_MONTHS = 24;
  static final int DEFAULT_ORPHAN_MIN_AGE_HOURS = 72;

  private MaintenanceReader() {}

  static MaintenanceSettings read(ContextReader r) {
    String schedule = r.string(SCHEDULE, DEFAULT_SCHEDULE);
    Optional<String> problem = EventBridgeCron.problem(schedule);
    if (problem.isPresent()) {
      r.problem(
          "Invalid context "
              + SCHEDULE
              + ": '"
              + schedule
              + "', "
              + problem.get()
              + "; must be an EventBridge cron expression "
              + EventBridgeCron.FORMAT);
      schedule = DEFAULT_SCHEDULE;
    }
    return new MaintenanceSettings(
        r.integer(MEMORY_MB, DEFAULT_MEMORY_MB, 1024, 10_240),
        r.integer(
            TIMEOUT_SECONDS,
            DEFAULT_TIMEOUT_SECONDS,
            2 * MaintenanceSettings.RESERVE_MS / 1000,
            900),
        schedule,
        r.integer(ACTIVE_MONTHS, DEFAULT_ACTIVE_MONTHS, 1, 1200),
        r.integer(ORPHAN_MIN_AGE_HOURS, DEFAULT_ORPHAN_MIN_AGE_HOURS, 24, 24 * 365));
  }
}
