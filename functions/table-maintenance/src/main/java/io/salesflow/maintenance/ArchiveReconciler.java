package io.salesflow.maintenance;

import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.SalesHistoryTombstonesTable;
import io.salesflow.core.table.StreamSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.deletes.DeleteGranularity;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;

/**
 * Decides which archived rows a restore must not bring back, and deletes them by position in the
 * restore's own commit, so the restored month never shows a replaced or removed row:
 *
 * <ul>
 *   <li>a key archived more than once (its month archived, changed, archived again): only the row
 *       of the later change comes back (by {@code stream_seq});
 *   <li>a key with a live row anywhere in the table: that row was written after the archival (the
 *       table held one row per key when the month was archived), so it stays the key's only row;
 *   <li>a key whose tombstone in {@code sales_history_tombstones} is later than the archived row:
 *       the key was removed after the archival (tombstones are kept from the first archival on,
 *       {@link SalesHistoryTombstonesTable#KEEP_PROPERTY}).
 * </ul>
 *
 * Reads the key columns and {@code stream_seq} of the restored files, of the live table and of the
 * tombstones: a restore is rare and on demand, so a full read of those narrow columns is fine.
 */
final class ArchiveReconciler {

  /** One restored row: file index, row position, sequence number. */
  private record Restored(int file, long position, String seq) {}

  /** What a restore drops: position deletes for the restored files, and counts by cause. */
  record Superseded(List<DeleteFile> deletes, int byNewerArchive, int byLiveRow, int byRemove) {
    int rows() {
      return byNewerArchive + byLiveRow + byRemove;
    }
  }

  private final List<String> keyColumns;

  ArchiveReconciler(List<String> keyColumns) {
    this.keyColumns = List.copyOf(keyColumns);
  }

  /**
   * @param table sales_history, before the restore's commit
   * @param tombstones sales_history_tombstones, if it exists
   * @param restored the copied-back files, archives oldest first where known
   */
  Superseded superseded(Table table, Optional<Table> tombstones, List<DataFile> restored) {
    Schema projection = table.schema().select(concat(keyColumns, SalesHistoryTable.STREAM_SEQ));
    Map<List<String>, Restored> newest = new HashMap<>();
    List<Restored> drop = new ArrayList<>();
    int byNewerArchive = 0;
    for (int i = 0; i < restored.size(); i++) {
      DataFile file = restored.get(i);
      long position = 0;
      try (CloseableIterable<Record> rows =
          Parquet.read(table.io().newInputFile(file.location()))
              .project(projection)
              .createReaderFunc(schema -> GenericParquetReaders.buildReader(projection, schema))
              .build()) {
        for (Record row : rows) {
          Restored r =
              new Restored(i, position++, (String) row.getField(SalesHistoryTable.STREAM_SEQ));
          List<String> key = key(row);
          Restored previous = newest.get(key);
          if (previous == null) {
            newest.put(key, r);
          } else {
            // The key is in two archives of the month: the later change wins, by stream_seq (a
            // row without one counts as older; between two without, the later file in archive
            // order).
            boolean later =
                previous.seq() == null
                    || r.seq() != null && StreamSequence.compare(r.seq(), previous.seq()) >= 0;
            drop.add(later ? previous : r);
            if (later) {
              newest.put(key, r);
            }
            byNewerArchive++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read restored file " + file.location(), e);
      }
    }
    int byLiveRow = 0;
    if (table.currentSnapshot() != null) {
      try (CloseableIterable<Record> live =
          IcebergGenerics.read(table).select(keyColumns).build()) {
        for (Record row : live) {
          Restored r = newest.remove(key(row));
          if (r != null) {
            drop.add(r);
            byLiveRow++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the keys of " + table.name(), e);
      }
    }
    int byRemove = 0;
    if (tombstones.isPresent() && tombstones.get().currentSnapshot() != null) {
      try (CloseableIterable<Record> removed =
          IcebergGenerics.read(tombstones.get())
              .select(concat(keyColumns, SalesHistoryTombstonesTable.STREAM_SEQ))
              .build()) {
        for (Record row : removed) {
          List<String> key = key(row);
          Restored r = newest.get(key);
          String removedAt = (String) row.getField(SalesHistoryTombstonesTable.STREAM_SEQ);
          if (r != null && (r.seq() == null || StreamSequence.compare(removedAt, r.seq()) > 0)) {
            newest.remove(key);
            drop.add(r);
            byRemove++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + tombstones.get().name(), e);
      }
    }
    return new Superseded(write(table, restored, drop), byNewerArchive, byLiveRow, byRemove);
  }

  /** One position-delete file per restored file with dropped rows. */
  private static List<DeleteFile> write(Table table, List<DataFile> restored, List<Restored> drop) {
    if (drop.isEmpty()) {
      return List.of();
    }
    drop.sort(
        (a, b) ->
            a.file() != b.file()
                ? Integer.compare(a.file(), b.file())
                : Long.compare(a.position(), b.position()));
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .deleteFileFormat(FileFormat.PARQUET)
            .build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, System.currentTimeMillis())
            .format(FileFormat.PARQUET)
            .operationId("restore-" + UUID.randomUUID())
            .build();
    FanoutPositionOnlyDeleteWriter<Record> writer =
        new FanoutPositionOnlyDeleteWriter<>(
            factory, files, table.io(), Long.MAX_VALUE, DeleteGranularity.FILE);
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      for (Restored r : drop) {
        DataFile file = restored.get(r.file());
        writer.write(
            delete.set(file.location(), r.position()),
            table.specs().get(file.specId()),
            file.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the restore's position deletes", e);
    }
    return writer.result().deleteFiles();
  }

  private List<String> key(Record row) {
    List<String> key = new ArrayList<>(keyColumns.size());
    for (String column : keyColumns) {
      Object value = row.getField(column);
      key.add(value == null ? null : value.toString());
    }
    return key;
  }

  private static List<String> concat(List<String> columns, String column) {
    List<String> all = new ArrayList<>(columns);
    all.add(column);
    return all;
  }
}
