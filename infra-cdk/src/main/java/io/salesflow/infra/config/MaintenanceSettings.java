package io.salesflow.infra.config;

/**
 * The table-maintenance function and its EventBridge schedule.
 *
 * @param memoryMb function memory
 * @param timeoutSeconds function timeout: the budget of one run, which resumes on the next
 * @param schedule EventBridge cron expression of the scheduled runs, e.g. {@code cron(15 3 * * ?
 *     *)}
 * @param activeMonths months kept live before archival (MAINTENANCE_ACTIVE_MONTHS)
 * @param orphanMinAgeHours safety window of orphan removal (MAINTENANCE_ORPHAN_MIN_AGE_HOURS)
 */
public record MaintenanceSettings(
    int memoryMb, int timeoutSeconds, String schedule, int activeMonths, int orphanMinAgeHours) {

  /**
   * Run time a run keeps in reserve to finish its step and save the checkpoint
   * (MAINTENANCE_RESERVE_MS); the shortest timeout leaves as long again for work.
   */
  public static final int RESERVE_MS = 60_000;
}
