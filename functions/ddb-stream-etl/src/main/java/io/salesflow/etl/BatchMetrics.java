package io.salesflow.etl;

import java.util.Map;

/**
 * What one batch did, as emitted to CloudWatch (EMF) and logged.
 *
 * @param recordsIn stream records received
 * @param rowsWritten rows appended to sales_history (upserts, or events in append mode)
 * @param deletes equality-delete rows written (key x partition)
 * @param removes user REMOVE events applied
 * @param ttlSkipped TTL REMOVE events that kept their history row
 * @param rejected records sent to sales_history_errors
 * @param rejectedByReason rejected records per reason code
 * @param replaySkipped append mode: records skipped because an earlier commit holds them
 * @param dataFiles data files committed (both tables)
 * @param deleteFiles delete files committed (both tables)
 * @param bytes bytes of the committed files
 * @param commits Iceberg commits made
 * @param decodeMillis time spent decoding and planning
 * @param lookupMillis time spent finding the batch's keys (position mode: the key index)
 * @param writeMillis time spent writing Parquet files
 * @param commitMillis time spent committing
 * @param commitAttempts commit attempts, including Iceberg's internal conflict retries
 * @param freshnessLagMillis now minus the newest ApproximateCreationDateTime, -1 if unknown
 * @param failed whether the batch failed and will be retried
 */
public record BatchMetrics(
    int recordsIn,
    int rowsWritten,
    int deletes,
    int removes,
    int ttlSkipped,
    int rejected,
    Map<Reason, Integer> rejectedByReason,
    int replaySkipped,
    int dataFiles,
    int deleteFiles,
    long bytes,
    int commits,
    long decodeMillis,
    long lookupMillis,
    long writeMillis,
    long commitMillis,
    int commitAttempts,
    long freshnessLagMillis,
    boolean failed) {

  public BatchMetrics {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  static BatchMetrics failed(int recordsIn, long freshnessLagMillis) {
    return new BatchMetrics(
        recordsIn, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, freshnessLagMillis, true);
  }

  static BatchMetrics empty() {
    return new BatchMetrics(0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, false);
  }
}
