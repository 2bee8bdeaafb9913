package io.salesflow.athenaquery;

import io.salesflow.query.report.ReportFile;

/**
 * Where report files go: S3 in AWS ({@code S3ReportStore}), a local directory for local runs
 * ({@link DirectoryReportStore}), a map in unit tests.
 */
public interface ReportStore {

  /**
   * Stores {@code file} under {@code key}.
   *
   * @return its location, e.g. {@code s3://bucket/reports/2025/01/02/q/060000-id/result.csv}
   */
  String put(String key, ReportFile file);
}
