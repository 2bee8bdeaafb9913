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
 *     looked up in the table before writing
 */
record BatchPlan(
    List<GenericRecord> rows,
    List<KeyDelete> deletes,
    List<GenericRecord> errors,
    int ttlSkipped,
    int removes,
    Map<Reason, Integer> rejectedByReason,
    List<SaleKey> unlocatedKeys) {

  /** Delete the key's rows in the partition of {@code month} (year and month of sold_date). */
  record KeyDelete(SaleKey key, YearMonth month) {}

  BatchPlan {
    rows = List.copyOf(rows);
    deletes = List.copyOf(deletes);
    errors = List.copyOf(errors);
    rejectedByReason = Map.copyOf(rejectedByReason);
    unlocatedKeys = List.copyOf(unlocatedKeys);
  }
}
