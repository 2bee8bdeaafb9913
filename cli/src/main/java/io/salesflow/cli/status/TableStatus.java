package io.salesflow.cli.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A table as the catalog sees it now.
 *
 * @param name qualified name
 * @param exists whether the table exists
 * @param location its location
 * @param commits snapshots in its history
 * @param lastCommit time of the current snapshot, {@code null} before the first commit
 * @param lastOperation operation of the current snapshot (append, overwrite, delete)
 * @param dataFiles live data files
 * @param deleteFiles live delete files
 * @param liveRows rows a reader sees (deletes applied)
 * @param priceTotal sum of {@code sold_price} over live rows (sales_history only)
 * @param byReason rows per {@code reason} (sales_history_errors only)
 * @param summary non-standard properties of the current snapshot (the ETL's lineage)
 */
public record TableStatus(
    String name,
    boolean exists,
    String location,
    int commits,
    Instant lastCommit,
    String lastOperation,
    long dataFiles,
    long deleteFiles,
    long liveRows,
    BigDecimal priceTotal,
    Map<String, Long> byReason,
    Map<String, String> summary) {

  public TableStatus {
    byReason = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byReason));
    summary = Map.copyOf(summary);
  }

  static TableStatus absent(String name) {
    return new TableStatus(name, false, null, 0, null, null, 0, 0, 0, null, Map.of(), Map.of());
  }
}
