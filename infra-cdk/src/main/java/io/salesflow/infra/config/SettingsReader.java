package io.salesflow.infra.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the ingestion, reporting and alarm settings of a stage (keys and defaults side by side).
 */
final class SettingsReader {

  /** ddb-stream-etl memory, MB; default 2048. */
  static final String ETL_MEMORY_MB = "etlMemoryMb";

  /** ddb-stream-etl timeout, seconds; default 300. */
  static final String ETL_TIMEOUT_SECONDS = "etlTimeoutSeconds";

  /** ETL_MODE: {@code upsert} (default) or {@code append}. */
  static final String ETL_MODE = "etlMode";

  /** ETL_COMMIT_SAFETY_MARGIN_MS; default 10000, below the timeout. */
  static final String ETL_COMMIT_SAFETY_MARGIN_MS = "etlCommitSafetyMarginMs";

  /** ETL_COMMIT_ATTEMPTS; default 5. */
  static final String ETL_COMMIT_ATTEMPTS = "etlCommitAttempts";

  /** Event source mapping batch size (1-10000); default 500. */
  static final String BATCH_SIZE = "batchSize";

  /** Event source mapping batching window, seconds (0-300); default 5. */
  static final String BATCHING_WINDOW_SECONDS = "batchingWindowSeconds";

  /** Concurrent batches per shard (1-10); default 2. */
  static final String PARALLELIZATION_FACTOR = "parallelizationFactor";

  /** Retries of a failing batch (-1 for until expiry, 0-10000); default 10. */
  static final String RETRY_ATTEMPTS = "retryAttempts";

  /** Oldest record age sent, seconds (-1 for no limit, 60-604800); default 86400. */
  static final String MAX_RECORD_AGE_SECONDS = "maxRecordAgeSeconds";

  /** Retention of the on-failure queue, days (1-14); default 14. */
  static final String FAILURE_QUEUE_RETENTION_DAYS = "failureQueueRetentionDays";

  /** athena-query memory, MB; default 1024. */
  static final String QUERY_MEMORY_MB = "queryMemoryMb";

  /** athena-query timeout, seconds; default 900. */
  static final String QUERY_TIMEOUT_SECONDS = "queryTimeoutSeconds";

  /** SALESFLOW_QUERY_TIMEOUT_SECONDS, at most the function timeout; default 600. */
  static final String ATHENA_QUERY_TIMEOUT_SECONDS = "athenaQueryTimeoutSeconds";

  /** Athena workgroup bytes-scanned cutoff per query, MiB (10 to 10^7); default 10240. */
  static final String ATHENA_BYTES_SCANNED_CUTOFF_MB = "athenaBytesScannedCutoffMb";

  /** Tenants of the scheduled tenant reports (at most 5); default none. */
  static final String REPORT_TENANTS = "reportTenants";

  /** E-mail subscribed to the alarm topic; default none. */
  static final String ALARM_EMAIL = "alarmEmail";

  /** Iterator age alarm threshold, seconds; default 600. */
  static final String ALARM_ITERATOR_AGE_SECONDS = "alarmIteratorAgeSeconds";

  /** Freshness lag alarm threshold, seconds; default 900. */
  static final String ALARM_FRESHNESS_LAG_SECONDS = "alarmFreshnessLagSeconds";

  /** Rejected-record rate alarm threshold, percent (1-100); default 5. */
  static final String ALARM_REJECTED_PERCENT = "alarmRejectedPercent";

  /** Commit failures per 5 minutes that alarm; default 1. */
  static final String ALARM_COMMIT_FAILURES = "alarmCommitFailures";

  static final Set<String> KEYS =
      Set.of(
          ETL_MEMORY_MB,
          ETL_TIMEOUT_SECONDS,
          ETL_MODE,
          ETL_COMMIT_SAFETY_MARGIN_MS,
          ETL_COMMIT_ATTEMPTS,
          BATCH_SIZE,
          BATCHING_WINDOW_SECONDS,
          PARALLELIZATION_FACTOR,
          RETRY_ATTEMPTS,
          MAX_RECORD_AGE_SECONDS,
          FAILURE_QUEUE_RETENTION_DAYS,
          QUERY_MEMORY_MB,
          QUERY_TIMEOUT_SECONDS,
          ATHENA_QUERY_TIMEOUT_SECONDS,
          ATHENA_BYTES_SCANNED_CUTOFF_MB,
          REPORT_TENANTS,
          ALARM_EMAIL,
          ALARM_ITERATOR_AGE_SECONDS,
          ALARM_FRESHNESS_LAG_SECONDS,
          ALARM_REJECTED_PERCENT,
          ALARM_COMMIT_FAILURES);

  /** EventBridge allows at most 5 targets per rule; each tenant is one target. */
  static final int MAX_REPORT_TENANTS = 5;

  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private SettingsReader() {}

  static EtlSettings etl(ContextReader r) {
    int timeout = r.integer(ETL_TIMEOUT_SECONDS, 300, 10, 900);
    int margin = r.integer(ETL_COMMIT_SAFETY_MARGIN_MS, 10_000, 0, 900_000);
    if (margin >= timeout * 1000) {
      r.problem(
          "Invalid context "
              + ETL_COMMIT_SAFETY_MARGIN_MS
              + ": "
              + margin
              + ", must be below "
              + ETL_TIMEOUT_SECONDS
              + " ("
              + timeout * 1000
              + " ms) or no batch could ever commit");
    }
    int maxAge = r.integer(MAX_RECORD_AGE_SECONDS, 86_400, -1, 604_800);
    if (maxAge != -1 && maxAge < 60) {
      r.problem(
          "Invalid context "
              + MAX_RECORD_AGE_SECONDS
              + ": "
              + maxAge
              + ", must be -1 (no limit) or between 60 and 604800");
    }
    return new EtlSettings(
        r.integer(ETL_MEMORY_MB, 2048, 128, 10_240),
        timeout,
        r.oneOf(ETL_MODE, "upsert", List.of("upsert", "append")),
        margin,
        r.integer(ETL_COMMIT_ATTEMPTS, 5, 1, 100),
        r.integer(BATCH_SIZE, 500, 1, 10_000),
        r.integer(BATCHING_WINDOW_SECONDS, 5, 0, 300),
        r.integer(PARALLELIZATION_FACTOR, 2, 1, 10),
        r.integer(RETRY_ATTEMPTS, -1, -1, 10_000),
        maxAge,
        r.integer(FAILURE_QUEUE_RETENTION_DAYS, 14, 1, 14));
  }

  static QuerySettings query(ContextReader r) {
    int timeout = r.integer(QUERY_TIMEOUT_SECONDS, 900, 60, 900);
    int queryTimeout = r.integer(ATHENA_QUERY_TIMEOUT_SECONDS, 600, 1, 900);
    if (queryTimeout > timeout) {
      r.problem(
          "Invalid context "
              + ATHENA_QUERY_TIMEOUT_SECONDS
              + ": "
              + queryTimeout
              + ", must not exceed "
              + QUERY_TIMEOUT_SECONDS
              + " ("
              + timeout
              + ")");
    }
    List<String> tenants = r.list(REPORT_TENANTS, List.of());
    if (tenants.size() > MAX_REPORT_TENANTS) {
      r.problem(
          "Invalid context "
              + REPORT_TENANTS
              + ": "
              + tenants.size()
              + " tenants, at most "
              + MAX_REPORT_TENANTS
              + " (one EventBridge target each, 5 per rule)");
    }
    for (String tenant : tenants) {
      r.matching(REPORT_TENANTS, tenant, TENANT, "must be letters, digits, '.', '_' or '-'");
    }
    return new QuerySettings(
        r.integer(QUERY_MEMORY_MB, 1024, 128, 10_240),
        timeout,
        queryTimeout,
        r.integer(ATHENA_BYTES_SCANNED_CUTOFF_MB, 10_240, 10, 10_000_000),
        tenants);
  }

  static AlarmSettings alarms(ContextReader r) {
    String email =
        r.matching(ALARM_EMAIL, r.string(ALARM_EMAIL, null), EMAIL, "must be an e-mail address");
    return new AlarmSettings(
        Optional.ofNullable(email),
        r.integer(ALARM_ITERATOR_AGE_SECONDS, 600, 1, 604_800),
        r.integer(ALARM_FRESHNESS_LAG_SECONDS, 900, 1, 604_800),
        r.integer(ALARM_REJECTED_PERCENT, 5, 1, 100),
        r.integer(ALARM_COMMIT_FAILURES, 1, 1, 1_000));
  }
}
