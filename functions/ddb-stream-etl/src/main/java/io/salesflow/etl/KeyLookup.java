package io.salesflow.etl;

import io.salesflow.core.table.SalesHistoryTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.TypeUtil;

/**
 * Finds where the rows of a batch's keys live in the table itself: for each key, every live row
 * (deletes applied) with its data file, row position and {@code stream_seq}. Images are never
 * trusted to say where a row is. Reads only the key columns, {@code stream_seq} and the row
 * positions, and skips files by the key columns' statistics and Parquet Bloom filters (the table
 * writes them for the key columns), as the scan's filter on the keys allows.
 */
final class KeyLookup {

  /**
   * One live row of a key.
   *
   * @param file the data file holding it
   * @param position its row position in that file
   * @param streamSeq the stream sequence number that wrote it, {@code null} if unknown
   */
  record Located(ContentFile<?> file, long position, String streamSeq) {
    String path() {
      return file.location();
    }

    int specId() {
      return file.specId();
    }

    StructLike partition() {
      return file.partition();
    }
  }

  /**
   * What the lookup saw.
   *
   * @param snapshotId the snapshot read, {@code null} for an empty table; commits validate from it
   * @param rows live rows per key (keys without a row are absent)
   */
  record Result(Long snapshotId, Map<SaleKey, List<Located>> rows) {
    List<Located> of(SaleKey key) {
      return rows.getOrDefault(key, List.of());
    }
  }

  private KeyLookup() {}

  static Result find(Table table, List<String> keyColumns, Collection<SaleKey> keys) {
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null || keys.isEmpty()) {
      return new Result(snapshot == null ? null : snapshot.snapshotId(), Map.of());
    }
    long snapshotId = snapshot.snapshotId();
    Expression filter = filter(keyColumns, keys);
    Map<String, ContentFile<?>> files = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        files.put(task.file().location(), task.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the key lookup on " + table.name(), e);
    }
    Map<SaleKey, List<Located>> found = new HashMap<>();
    if (files.isEmpty()) {
      return new Result(snapshotId, found);
    }
    List<String> columns = new ArrayList<>(keyColumns);
    columns.add(SalesHistoryTable.STREAM_SEQ);
    Schema projection =
        TypeUtil.join(
            table.schema().select(columns),
            new Schema(MetadataColumns.FILE_PATH, MetadataColumns.ROW_POSITION));
    Set<SaleKey> wanted = Set.copyOf(keys);
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table)
            .useSnapshot(snapshotId)
            .where(filter)
            .project(projection)
            .build()) {
      for (Record row : rows) {
        SaleKey key = key(row, keyColumns);
        if (!wanted.contains(key)) {
          continue;
        }
        String path = row.getField(MetadataColumns.FILE_PATH.name()).toString();
        ContentFile<?> file = files.get(path);
        if (file == null) {
          throw new IllegalStateException(
              "Key lookup on " + table.name() + " read a row of an unplanned file " + path);
        }
        Object seq = row.getField(SalesHistoryTable.STREAM_SEQ);
        found
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(
                new Located(
                    file,
                    (Long) row.getField(MetadataColumns.ROW_POSITION.name()),
                    seq == null ? null : seq.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read keys of " + table.name(), e);
    }
    return new Result(snapshotId, found);
  }

  /** Rows whose key columns each hold one of the batch's values: a superset of the keys. */
  static Expression filter(List<String> keyColumns, Collection<SaleKey> keys) {
    Expression filter = Expressions.alwaysTrue();
    for (int i = 0; i < keyColumns.size(); i++) {
      Set<String> values = new LinkedHashSet<>();
      for (SaleKey key : keys) {
        values.add(key.values().get(i));
      }
      filter = Expressions.and(filter, Expressions.in(keyColumns.get(i), values.toArray()));
    }
    return filter;
  }

  private static SaleKey key(Record row, List<String> keyColumns) {
    List<String> values = new ArrayList<>(keyColumns.size());
    for (String column : keyColumns) {
      Object value = row.getField(column);
      values.add(value == null ? null : value.toString());
    }
    return new SaleKey(values);
  }
}
