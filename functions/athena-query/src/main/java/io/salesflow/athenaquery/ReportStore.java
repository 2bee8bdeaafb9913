package io.salesflow.athenaquery;

import io.salesflow.query.report.ReportFile;

/** Where report files go: S3 in AWS and locally (S3Proxy), a map in unit tests. */
interface ReportStore {

  /**
   * Stores {@code file} under {@code key}.
   *
   * @return its location, e.g. {@code s3://bucket/reports/2025/01/02/q/060000-id/result.csv}
   */
  String put(String key, ReportFile file);
}
