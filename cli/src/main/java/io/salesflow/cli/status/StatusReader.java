package io.salesflow.cli.status;

import io.salesflow.core.table.SalesHistoryErrorsTable;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads the state of the salesflow tables through the Iceberg catalog: history, files, and rows as
 * a reader sees them (equality and position deletes applied).
 */
public final class StatusReader {

  // Iceberg's own snapshot summary keys; anything else was written by the committer (lineage).
  private static final Pattern STANDARD =
      Pattern.compile(
          "(total|added|deleted|removed|changed)-.*|iceberg-version|engine-.*|app-id"
              + "|partition-summaries-included|manifests-.*|entries-processed");

  private final Catalog catalog;

  public StatusReader(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The status of {@code sales_history}: live rows and their price total. */
  public TableStatus salesHistory(TableDefinition definition) {
    return read(definition, true);
  }

  /** The status of {@code sales_history_errors}: rows per reason. */
  public TableStatus errors(TableDefinition definition) {
    return read(definition, false);
  }

  private TableStatus read(TableDefinition definition, boolean history) {
    Table table;
    try {
      table = catalog.loadTable(definition.identifier());
    } catch (NoSuchTableException e) {
      return TableStatus.absent(definition.identifier().toString());
    }
    Snapshot current = table.currentSnapshot();
    List<Snapshot> snapshots = new ArrayList<>();
    table.snapshots().forEach(snapshots::add);
    long dataFiles = 0;
    long deleteFiles = 0;
    Map<String, String> extra = new TreeMap<>();
    if (current != null) {
      dataFiles = number(current.summary(), "total-data-files");
      deleteFiles = number(current.summary(), "total-delete-files");
      current
          .summary()
          .forEach(
              (k, v) -> {
                if (!STANDARD.matcher(k).matches()) {
                  extra.put(k, v);
                }
              });
    }
    long rows = 0;
    BigDecimal total = history ? BigDecimal.ZERO : null;
    Map<String, Long> byReason = new TreeMap<>();
    if (current != null) {
      String column = history ? SalesHistoryTable.SOLD_PRICE : SalesHistoryErrorsTable.REASON;
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).select(column).build()) {
        for (Record record : records) {
          rows++;
          if (history) {
            total = total.add((BigDecimal) record.getField(column));
          } else {
            byReason.merge(String.valueOf(record.getField(column)), 1L, Long::sum);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + definition.identifier(), e);
      }
    }
    return new TableStatus(
        definition.identifier().toString(),
        true,
        table.location(),
        snapshots.size(),
        current == null ? null : Instant.ofEpochMilli(current.timestampMillis()),
        current == null ? null : current.operation(),
        dataFiles,
        deleteFiles,
        rows,
        total,
        byReason,
        extra);
  }

  private static long number(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }
}
