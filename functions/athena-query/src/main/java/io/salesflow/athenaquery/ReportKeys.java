package io.salesflow.athenaquery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The S3 keys of a report: {@code <prefix>/<yyyy>/<MM>/<dd>/<query>/<HHmmss>-<run id>/<file>},
 * dated by the run's time (the scheduled time for scheduled runs, so a retried run overwrites its
 * own report instead of adding another).
 */
final class ReportKeys {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

  private ReportKeys() {}

  /** The key prefix (ending in '/') of one query's report in one run. */
  static String prefix(String reportPrefix, Instant runTime, String query, String runId) {
    return reportPrefix
        + "/"
        + DAY.format(runTime)
        + "/"
        + query
        + "/"
        + TIME.format(runTime)
        + "-"
        + runId.replaceAll("[^A-Za-z0-9-]", "")
        + "/";
  }
}
