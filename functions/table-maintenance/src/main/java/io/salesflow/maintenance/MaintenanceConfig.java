package io.salesflow.maintenance;

import io.salesflow.core.config.ConfigException;
import io.salesflow.core.config.EnvReader;
import io.salesflow.core.config.SalesflowConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of table maintenance, read once and validated; every problem is reported together,
 * each naming the variable and the fix.
 *
 * @param tables where the tables live and how to reach the catalog
 * @param tasks what a run does when the request names no tasks
 * @param orphanMinAge files younger than this are never deleted as orphans
 * @param activeMonths partitions whose month ended more than this many months ago are archived
 * @param archiveLocation where archived partitions go, e.g. {@code s3://bucket/archive}
 * @param minInputFiles a partition is compacted when it has at least this many small data files and
 *     delete files together
 * @param maxGroupBytes input bytes rewritten in memory at once (one bin of the bin-packing)
 * @param commitAttempts attempts per partition commit when it conflicts with ingestion
 * @param reserveMillis no new partition or step is started with less run time left than this
 * @param manifestMinCount data manifests are rewritten when there are at least this many and their
 *     average size is below the table's target manifest size
 */
public record MaintenanceConfig(
    SalesflowConfig tables,
    Set<MaintenanceTask> tasks,
    Duration orphanMinAge,
    int activeMonths,
    String archiveLocation,
    int minInputFiles,
    long maxGroupBytes,
    int commitAttempts,
    long reserveMillis,
    int manifestMinCount) {

  /** Tasks of a scheduled run, comma separated; default all of {@link MaintenanceTask#ids()}. */
  public static final String TASKS = "MAINTENANCE_TASKS";

  /** Safety window of orphan removal in hours; default 72, at least 24. */
  public static final String ORPHAN_MIN_AGE_HOURS = "MAINTENANCE_ORPHAN_MIN_AGE_HOURS";

  /** Months of data kept live before archival; default 24 (two years). */
  public static final String ACTIVE_MONTHS = "MAINTENANCE_ACTIVE_MONTHS";

  /** Archive location override; default {@code s3://<warehouse bucket>/archive}. */
  public static final String ARCHIVE_LOCATION = "MAINTENANCE_ARCHIVE_LOCATION";

  /** Small data files plus delete files that make a partition worth compacting; default 5. */
  public static final String MIN_INPUT_FILES = "MAINTENANCE_MIN_INPUT_FILES";

  /** Input bytes rewritten in memory at once; default 134217728 (128 MiB). */
  public static final String MAX_GROUP_BYTES = "MAINTENANCE_MAX_GROUP_BYTES";

  /** Commit attempts per partition before it is skipped until the next run; default 3. */
  public static final String COMMIT_ATTEMPTS = "MAINTENANCE_COMMIT_ATTEMPTS";

  /** Run time kept in reserve (milliseconds) to finish a step and save the checkpoint. */
  public static final String RESERVE_MS = "MAINTENANCE_RESERVE_MS";

  /** Data manifests that make a manifest rewrite worthwhile; default 20. */
  public static final String MANIFEST_MIN_COUNT = "MAINTENANCE_MANIFEST_MIN_COUNT";

  /**
   * Shortest orphan safety window: far longer than any in-flight write (the ETL Lambda times out
   * after at most 15 minutes; a CLI load runs for minutes), so a file being written is never taken
   * for an orphan.
   */
  public static final Duration MIN_ORPHAN_AGE = Duration.ofHours(24);

  public static final long DEFAULT_ORPHAN_MIN_AGE_HOURS = 72;
  public static final int DEFAULT_ACTIVE_MONTHS = 24;
  public static final int DEFAULT_MIN_INPUT_FILES = 5;
  public static final long DEFAULT_MAX_GROUP_BYTES = 128L * 1024 * 1024;
  public static final int DEFAULT_COMMIT_ATTEMPTS = 3;
  public static final long DEFAULT_RESERVE_MS = 60_000;
  public static final int DEFAULT_MANIFEST_MIN_COUNT = 20;

  private static final Pattern TASK_PATTERN =
      Pattern.compile(String.join("|", MaintenanceTask.ids()));
  private static final Pattern LOCATION_PATTERN = Pattern.compile("(s3|s3a|file):/.+");

  public MaintenanceConfig {
    tasks = tasks.isEmpty() ? EnumSet.noneOf(MaintenanceTask.class) : EnumSet.copyOf(tasks);
  }

  /** Reads and validates; throws {@link ConfigException} listing every problem. */
  public static MaintenanceConfig from(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    SalesflowConfig tables = SalesflowConfig.read(reader);
    List<String> taskIds =
        reader.list(
            TASKS, MaintenanceTask.ids(), TASK_PATTERN, "must be one of " + MaintenanceTask.ids());
    long orphanHours =
        reader.longInRange(
            ORPHAN_MIN_AGE_HOURS,
            DEFAULT_ORPHAN_MIN_AGE_HOURS,
            MIN_ORPHAN_AGE.toHours(),
            24L * 365);
    long active = reader.longInRange(ACTIVE_MONTHS, DEFAULT_ACTIVE_MONTHS, 1, 1200);
    String archive =
        reader.matching(
            ARCHIVE_LOCATION,
            reader.raw(ARCHIVE_LOCATION),
            LOCATION_PATTERN,
            "must be an s3://bucket/prefix location");
    long minInput = reader.longInRange(MIN_INPUT_FILES, DEFAULT_MIN_INPUT_FILES, 2, 100_000);
    long group =
        reader.longInRange(MAX_GROUP_BYTES, DEFAULT_MAX_GROUP_BYTES, 1024 * 1024, 1L << 34);
    long attempts = reader.longInRange(COMMIT_ATTEMPTS, DEFAULT_COMMIT_ATTEMPTS, 1, 20);
    long reserve = reader.longInRange(RESERVE_MS, DEFAULT_RESERVE_MS, 0, 600_000);
    long manifests =
        reader.longInRange(MANIFEST_MIN_COUNT, DEFAULT_MANIFEST_MIN_COUNT, 2, 1_000_000);
    if (tables != null && "glue".equals(tables.catalog().type()) && !glueSdkPresent()) {
      reader.invalid(
          SalesflowConfig.CATALOG_TYPE,
          "glue",
          "this function reaches the Glue Data Catalog through Glue's Iceberg REST endpoint (its"
              + " jar has no Glue SDK): set SALESFLOW_CATALOG_TYPE=rest and"
              + " SALESFLOW_CATALOG_URI=https://glue.<region>.amazonaws.com/iceberg, as the"
              + " infra-cdk stack does");
    }
    reader.throwIfInvalid();
    EnumSet<MaintenanceTask> tasks = EnumSet.noneOf(MaintenanceTask.class);
    taskIds.forEach(id -> tasks.add(MaintenanceTask.of(id)));
    return new MaintenanceConfig(
        tables,
        tasks,
        Duration.ofHours(orphanHours),
        (int) active,
        archive == null ? defaultArchiveLocation(tables.warehouse()) : strip(archive),
        (int) minInput,
        group,
        (int) attempts,
        reserve,
        (int) manifests);
  }

  private static boolean glueSdkPresent() {
    try {
      Class.forName(
          "software.amazon.awssdk.services.glue.GlueClient",
          false,
          MaintenanceConfig.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Reads from the process environment. */
  public static MaintenanceConfig fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * {@code <scheme>://<bucket>/archive}: the prefix the bucket's lifecycle rule moves to Glacier
   * (see lifecycle/analytics-bucket.json).
   */
  static String defaultArchiveLocation(String warehouse) {
    int schemeEnd = warehouse.indexOf("://");
    int bucketEnd = warehouse.indexOf('/', schemeEnd + 3);
    String root = bucketEnd < 0 ? warehouse : warehouse.substring(0, bucketEnd);
    return root + "/archive";
  }

  private static String strip(String location) {
    return location.replaceAll("/+$", "");
  }

  /** A copy with another orphan safety window (the CLI's flag), checked like the variable. */
  public MaintenanceConfig withOrphanMinAge(Duration age) {
    if (age.compareTo(MIN_ORPHAN_AGE) < 0) {
      throw new IllegalArgumentException(
          "Invalid orphan safety window "
              + age
              + ": must be at least "
              + MIN_ORPHAN_AGE.toHours()
              + " hours, longer than any in-flight write");
    }
    return new MaintenanceConfig(
        tables,
        tasks,
        age,
        activeMonths,
        archiveLocation,
        minInputFiles,
        maxGroupBytes,
        commitAttempts,
        reserveMillis,
        manifestMinCount);
  }

  /** A copy with another active window in months (the CLI's {@code --older-than}). */
  public MaintenanceConfig withActiveMonths(int months) {
    if (months < 1) {
      throw new IllegalArgumentException(
          "Invalid active window " + months + " months: must be at least 1");
    }
    return new MaintenanceConfig(
        tables,
        tasks,
        orphanMinAge,
        months,
        archiveLocation,
        minInputFiles,
        maxGroupBytes,
        commitAttempts,
        reserveMillis,
        manifestMinCount);
  }
}
