package io.salesflow.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.DeleteGranularity;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.ClusteredEqualityDeleteWriter;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.FanoutPositionOnlyDeleteWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes one batch's rows and deletes for one table as Parquet files: one data file per partition
 * (rows in the table's sort order), and either equality-delete files per partition or one
 * position-delete file per data file it deletes rows from; up to {@link #CONCURRENT_FILES} written
 * at once. Nothing is committed here; on failure the files written so far are deleted.
 */
final class DeltaWriter {

  /** A key to delete, with the full row that locates its partition. */
  record Delete(Record key, Record locator) {}

  /**
   * Files written for one table.
   *
   * @param contents the rows of each data file that is its partition's only file in this write, in
   *     row-position order (what the key index learns from a commit without reading the file)
   */
  record Files(
      List<DataFile> dataFiles, List<DeleteFile> deleteFiles, Map<String, List<Record>> contents) {

    Files(List<DataFile> dataFiles, List<DeleteFile> deleteFiles) {
      this(dataFiles, deleteFiles, Map.of());
    }

    boolean isEmpty() {
      return dataFiles.isEmpty() && deleteFiles.isEmpty();
    }

    long bytes() {
      return dataFiles.stream().mapToLong(DataFile::fileSizeInBytes).sum()
          + deleteFiles.stream().mapToLong(DeleteFile::fileSizeInBytes).sum();
    }
  }

  private DeltaWriter() {}

  static Files write(Table table, List<Record> rows, List<Delete> deletes, Schema deleteSchema) {
    return write(table, rows, deletes, deleteSchema, List.of());
  }

  /**
   * Writes the rows, and position deletes of the located rows (one delete file per data file,
   * positions sorted): no equality deletes.
   */
  static Files writePositional(Table table, List<Record> rows, List<KeyLookup.Located> deletes) {
    return write(table, rows, List.of(), null, deletes);
  }

  private static Files write(
      Table table,
      List<Record> rows,
      List<Delete> deletes,
      Schema deleteSchema,
      List<KeyLookup.Located> positionDeletes) {
    if (rows.isEmpty() && deletes.isEmpty() && positionDeletes.isEmpty()) {
      return new Files(List.of(), List.of());
    }
    GenericFileWriterFactory.Builder builder =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .deleteFileFormat(FileFormat.PARQUET);
    if (deleteSchema != null) {
      builder
          .equalityFieldIds(deleteSchema.columns().stream().mapToInt(f -> f.fieldId()).toArray())
          .equalityDeleteRowSchema(deleteSchema);
    }
    GenericFileWriterFactory factory = builder.build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, System.currentTimeMillis())
            .format(FileFormat.PARQUET)
            .operationId(UUID.randomUUID().toString())
            .build();
    long targetSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);

    // One task per partition and kind of file, a few at a time: with a batch spread over many
    // partitions, each file's encoding and upload is small and latency-bound, and the files are
    // independent. Inside a partition the rows keep the table's sort order.
    List<Future<PartitionFiles>> tasks = new ArrayList<>();
    for (List<Keyed<Record>> partition : partitions(keyed(table, rows, r -> r))) {
      tasks.add(WRITERS.submit(() -> writeRows(table, factory, files, targetSize, partition)));
    }
    for (List<Keyed<Delete>> partition : partitions(keyed(table, deletes, Delete::locator))) {
      tasks.add(WRITERS.submit(() -> writeDeletes(table, factory, files, targetSize, partition)));
    }
    if (!positionDeletes.isEmpty()) {
      tasks.add(
          WRITERS.submit(
              () -> writePositionDeletes(table, factory, files, targetSize, positionDeletes)));
    }
    List<DataFile> dataFiles = new ArrayList<>();
    List<DeleteFile> deleteFiles = new ArrayList<>();
    Map<String, List<Record>> contents = new java.util.HashMap<>();
    RuntimeException failure = null;
    for (Future<PartitionFiles> task : tasks) {
      try {
        PartitionFiles written = task.get();
        dataFiles.addAll(written.dataFiles());
        deleteFiles.addAll(written.deleteFiles());
        contents.putAll(written.contents());
      } catch (ExecutionException e) {
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException("Cannot write files of " + table.name(), e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        tasks.forEach(t -> t.cancel(true));
        failure = new IllegalStateException("Interrupted while writing " + table.name(), e);
        break;
      }
    }
    if (failure != null) {
      cleanUp(table, deleteFiles, dataFiles);
      throw failure;
    }
    return new Files(List.copyOf(dataFiles), List.copyOf(deleteFiles), Map.copyOf(contents));
  }

  /** Files at once: enough to overlap uploads with encoding, few enough for Lambda's memory. */
  static final int CONCURRENT_FILES = 4;

  private static final ExecutorService WRITERS =
      Executors.newFixedThreadPool(
          CONCURRENT_FILES,
          runnable -> {
            Thread thread = new Thread(runnable, "salesflow-file-writer");
            thread.setDaemon(true);
            return thread;
          });

  private record PartitionFiles(
      List<DataFile> dataFiles, List<DeleteFile> deleteFiles, Map<String, List<Record>> contents) {

    PartitionFiles(List<DataFile> dataFiles, List<DeleteFile> deleteFiles) {
      this(dataFiles, deleteFiles, Map.of());
    }
  }

  /** The values grouped by partition path, partitions in path order. */
  private static <T> Collection<List<Keyed<T>>> partitions(List<Keyed<T>> values) {
    Map<String, List<Keyed<T>>> byPath = new TreeMap<>();
    for (Keyed<T> value : values) {
      byPath.computeIfAbsent(value.path(), p -> new ArrayList<>()).add(value);
    }
    return byPath.values();
  }

  private static PartitionFiles writeRows(
      Table table,
      GenericFileWriterFactory factory,
      OutputFileFactory files,
      long targetSize,
      List<Keyed<Record>> rows) {
    Comparator<StructLike> order =
        SortOrderComparators.forSchema(table.schema(), table.sortOrder());
    InternalRecordWrapper left = new InternalRecordWrapper(table.schema().asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(table.schema().asStruct());
    rows.sort((a, b) -> order.compare(left.wrap(a.value()), right.wrap(b.value())));
    ClusteredDataWriter<Record> writer =
        new ClusteredDataWriter<>(factory, files, table.io(), targetSize);
    try (writer) {
      for (Keyed<Record> row : rows) {
        writer.write(row.value(), table.spec(), row.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write data files of " + table.name(), e);
    }
    DataWriteResult result = writer.result();
    if (result.dataFiles().size() != 1) {
      return new PartitionFiles(result.dataFiles(), List.of());
    }
    // One file: its rows are exactly these, in the order written (row positions 0, 1, ...).
    List<Record> contents = new ArrayList<>(rows.size());
    rows.forEach(r -> contents.add(r.value()));
    return new PartitionFiles(
        result.dataFiles(), List.of(), Map.of(result.dataFiles().get(0).location(), contents));
  }

  private static PartitionFiles writeDeletes(
      Table table,
      GenericFileWriterFactory factory,
      OutputFileFactory files,
      long targetSize,
      List<Keyed<Delete>> deletes) {
    ClusteredEqualityDeleteWriter<Record> writer =
        new ClusteredEqualityDeleteWriter<>(factory, files, table.io(), targetSize);
    try (writer) {
      for (Keyed<Delete> delete : deletes) {
        writer.write(delete.value().key(), table.spec(), delete.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write delete files of " + table.name(), e);
    }
    DeleteWriteResult result = writer.result();
    return new PartitionFiles(List.of(), result.deleteFiles());
  }

  /**
   * Position deletes of the located rows, one delete file per data file they name (file-scoped: a
   * reader of a data file opens only its own delete files, not every delete file of its partition).
   */
  private static PartitionFiles writePositionDeletes(
      Table table,
      GenericFileWriterFactory factory,
      OutputFileFactory files,
      long targetSize,
      List<KeyLookup.Located> located) {
    FanoutPositionOnlyDeleteWriter<Record> writer =
        new FanoutPositionOnlyDeleteWriter<>(
            factory, files, table.io(), targetSize, DeleteGranularity.FILE);
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      for (KeyLookup.Located row : located) {
        writer.write(
            delete.set(row.path(), row.position()),
            table.specs().get(row.specId()),
            row.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write position delete files of " + table.name(), e);
    }
    return new PartitionFiles(List.of(), writer.result().deleteFiles());
  }

  private record Keyed<T>(T value, PartitionKey partition, String path) {}

  private static <T> List<Keyed<T>> keyed(
      Table table, List<T> values, java.util.function.Function<T, Record> locator) {
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    List<Keyed<T>> result = new ArrayList<>(values.size());
    for (T value : values) {
      key.partition(wrapper.wrap(locator.apply(value)));
      PartitionKey copy = key.copy();
      result.add(new Keyed<>(value, copy, table.spec().partitionToPath(copy)));
    }
    return result;
  }

  /** Deletes uncommitted files (best effort). */
  static void cleanUp(Table table, Files files) {
    cleanUp(table, files.deleteFiles(), files.dataFiles());
  }

  private static void cleanUp(Table table, List<DeleteFile> deleteFiles, List<DataFile> dataFiles) {
    try {
      deleteFiles.forEach(f -> table.io().deleteFile(f.location()));
      dataFiles.forEach(f -> table.io().deleteFile(f.location()));
    } catch (RuntimeException suppressed) {
      // Best effort: uncommitted files are invisible to readers; orphan cleanup removes them.
    }
  }
}
