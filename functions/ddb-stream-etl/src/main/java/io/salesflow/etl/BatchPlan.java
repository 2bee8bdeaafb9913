package io.salesflow.etl;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;

/**
 * What one batch writes, before any file exists.
 *
 * @param rows data rows for sales_history, one per key in upsert mode, one per event in append
 * @param deletes equality deletes: each key in each partition where an older row may live
 * @param errors rows for sales_history_errors
 * @param ttlSkipped TTL removals that kept their history row
 * @param removes user removals (keys deleted)
 * @param rejectedByReason count of errors per reason
 * @param unlocatedKeys keys whose old partition is unknown (no old image); their partitions are
 *     looked up in the table before writing (equality mode)
 * @param keyChanges upsert mode: each key's final state in the batch with the sequence number of
 *     its last change, for the position-delete path, which finds the key's rows in the table
 */
record BatchPlan(
    List<GenericRecord> rows,
    List<KeyDelete> deletes,
    List<GenericRecord> errors,
    int ttlSkipped,
    int removes,
    Map<Reason, Integer> rejectedByReason,
    List<SaleKey> unlocatedKeys,
    List<KeyChange> keyChanges) {

  /** Delete the key's rows in the partition of {@code month} (year and month of sold_date). */
  record KeyDelete(SaleKey key, YearMonth month) {}

  /**
   * A key's final state in the batch.
   *
   * @param key the key
   * @param row its new row, {@code null} when the key was removed
   * @param sequenceNumber the sequence number of the key's last change in the batch
   */
  record KeyChange(SaleKey key, GenericRecord row, String sequenceNumber) {}

  BatchPlan {
    rows = List.copyOf(rows);
    deletes = List.copyOf(deletes);
    errors = List.copyOf(errors);
    rejectedByReason = Map.copyOf(rejectedByReason);
    unlocatedKeys = List.copyOf(unlocatedKeys);
    keyChanges = List.copyOf(keyChanges);
  }
}
