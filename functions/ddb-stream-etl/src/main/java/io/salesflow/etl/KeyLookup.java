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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.DeleteFilter;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Finds where the rows of a batch's keys live in the table itself: for each key, every live row
 * (deletes applied) with its data file, row position and {@code stream_seq}. Images are never
 * trusted to say where a row is. Reads only the key columns, {@code stream_seq} and the row
 * positions, and skips files by the key columns' statistics and Parquet Bloom filters (the table
 * writes them for the key columns), as the scan's filter on the keys allows. Delete files are read
 * only for the data files that hold one of the batch's keys, so a lookup's cost follows the files
 * holding its keys rather than every delete file in the table.
 */
final class KeyLookup {

  /**
   * One live row of a key.
   *
   * @param key the key
   * @param file the data file holding it
   * @param position its row position in that file
   * @param streamSeq the stream sequence number that wrote it, {@code null} if unknown
   */
  record Located(SaleKey key, ContentFile<?> file, long position, String streamSeq) {
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

  /** Data files read at once by one lookup: the reads wait on storage, not on the CPU. */
  static final int CONCURRENT_READS = 8;

  private static final ExecutorService READERS =
      Executors.newFixedThreadPool(
          CONCURRENT_READS,
          runnable -> {
            Thread thread = new Thread(runnable, "salesflow-key-lookup");
            thread.setDaemon(true);
            return thread;
          });

  private KeyLookup() {}

  static Result find(Table table, List<String> keyColumns, Collection<SaleKey> keys) {
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null || keys.isEmpty()) {
      return new Result(snapshot == null ? null : snapshot.snapshotId(), Map.of());
    }
    long snapshotId = snapshot.snapshotId();
    Expression filter = filter(keyColumns, keys);
    Set<SaleKey> wanted = Set.copyOf(keys);
    Map<SaleKey, List<Located>> found = new HashMap<>();
    for (List<Located> rows :
        read(table, plan(table, snapshotId, filter), keyColumns, filter, wanted::contains)) {
      for (Located row : rows) {
        found.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
      }
    }
    return new Result(snapshotId, found);
  }

  /** The data files of {@code snapshotId} that may hold rows matching {@code filter}. */
  static List<FileScanTask> plan(Table table, long snapshotId, Expression filter) {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned =
        table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the key lookup on " + table.name(), e);
    }
    return tasks;
  }

  /**
   * The live rows of {@code tasks} whose key is {@code wanted}, one list per task in task order,
   * files read {@value #CONCURRENT_READS} at a time.
   */
  static List<List<Located>> read(
      Table table,
      List<FileScanTask> tasks,
      List<String> keyColumns,
      Expression filter,
      Predicate<SaleKey> wanted) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    Schema projection = projection(table, keyColumns);
    List<Callable<List<Located>>> reads = new ArrayList<>(tasks.size());
    for (FileScanTask task : tasks) {
      reads.add(() -> live(table, task, projection, filter, keyColumns, wanted));
    }
    return readAll(table, reads);
  }

  /** Key columns, {@code stream_seq} and the row position: all a lookup reads. */
  private static Schema projection(Table table, List<String> keyColumns) {
    List<String> columns = new ArrayList<>(keyColumns);
    columns.add(SalesHistoryTable.STREAM_SEQ);
    return TypeUtil.join(table.schema().select(columns), new Schema(MetadataColumns.ROW_POSITION));
  }

  /** {@link #rowsOf(Table, DataFile, List)} of each file, {@value #CONCURRENT_READS} at a time. */
  static List<List<Located>> rowsOf(Table table, List<DataFile> files, List<String> keyColumns) {
    List<Callable<List<Located>>> reads = new ArrayList<>(files.size());
    for (DataFile file : files) {
      reads.add(() -> rowsOf(table, file, keyColumns));
    }
    return readAll(table, reads);
  }

  /** Runs the reads on the readers, results in order; the first failure cancels the rest. */
  private static List<List<Located>> readAll(Table table, List<Callable<List<Located>>> reads) {
    List<Future<List<Located>>> running = new ArrayList<>(reads.size());
    reads.forEach(read -> running.add(READERS.submit(read)));
    List<List<Located>> rows = new ArrayList<>(reads.size());
    try {
      for (Future<List<Located>> read : running) {
        rows.add(read.get());
      }
    } catch (InterruptedException e) {
      running.forEach(r -> r.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading keys of " + table.name(), e);
    } catch (ExecutionException e) {
      running.forEach(r -> r.cancel(true));
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Cannot read keys of " + table.name(), e.getCause());
    }
    return rows;
  }

  /**
   * Every row of one data file, its deletes not applied: for a file just added, which no delete can
   * name yet (deletes committed later reach the index as delete files).
   */
  static List<Located> rowsOf(Table table, DataFile file, List<String> keyColumns) {
    Schema projection = projection(table, keyColumns);
    List<Located> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        FormatModelRegistry.<Record, Object>readBuilder(
                file.format(), Record.class, table.io().newInputFile(file))
            .project(projection)
            .build()) {
      for (Record row : records) {
        rows.add(located(row, file, keyColumns));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read keys of " + file.location(), e);
    }
    return rows;
  }

  /**
   * The live rows of the wanted keys in one data file. The file is read first without its deletes
   * (row groups skipped by the keys' statistics and Bloom filters); only when it holds a wanted key
   * are its delete files loaded, and applied to those rows alone. A file without a wanted key never
   * costs a delete-file read.
   */
  private static List<Located> live(
      Table table,
      FileScanTask task,
      Schema projection,
      Expression filter,
      List<String> keyColumns,
      Predicate<SaleKey> wanted) {
    DeleteFilter<Record> deletes =
        new GenericDeleteFilter(table.io(), task, table.schema(), projection);
    Schema readSchema = deletes.requiredSchema();
    List<Record> candidates = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        FormatModelRegistry.<Record, Object>readBuilder(
                task.file().format(), Record.class, table.io().newInputFile(task.file()))
            .project(readSchema)
            .idToConstant(
                PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant))
            .split(task.start(), task.length())
            .filter(filter)
            .build()) {
      for (Record row : rows) {
        if (wanted.test(key(row, keyColumns))) {
          candidates.add(row); // a fresh record per row: the reader does not reuse containers
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read keys of " + task.file().location(), e);
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<Located> live = new ArrayList<>(candidates.size());
    try (CloseableIterable<Record> rows =
        task.deletes().isEmpty()
            ? CloseableIterable.withNoopClose(candidates)
            : deletes.filter(CloseableIterable.withNoopClose(candidates))) {
      for (Record row : rows) {
        live.add(located(row, task.file(), keyColumns));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot apply the deletes of " + task.file().location(), e);
    }
    return live;
  }

  private static Located located(Record row, ContentFile<?> file, List<String> keyColumns) {
    Object seq = row.getField(SalesHistoryTable.STREAM_SEQ);
    return new Located(
        key(row, keyColumns),
        file,
        (Long) row.getField(MetadataColumns.ROW_POSITION.name()),
        seq == null ? null : seq.toString());
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

  static SaleKey key(Record row, List<String> keyColumns) {
    List<String> values = new ArrayList<>(keyColumns.size());
    for (String column : keyColumns) {
      Object value = row.getField(column);
      values.add(value == null ? null : value.toString());
    }
    return new SaleKey(values);
  }
}
