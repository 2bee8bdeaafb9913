package io.salesflow.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.ClusteredEqualityDeleteWriter;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes one batch's rows and equality deletes for one table as Parquet files, clustered by
 * partition (rows sorted by partition, then by the table's sort order) so that only one file is
 * open at a time. Nothing is committed here; on failure the files written so far are deleted.
 */
final class DeltaWriter {

  /** A key to delete, with the full row that locates its partition. */
  record Delete(Record key, Record locator) {}

  /** Files written for one table. */
  record Files(List<DataFile> dataFiles, List<DeleteFile> deleteFiles) {
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
    if (rows.isEmpty() && deletes.isEmpty()) {
      return new Files(List.of(), List.of());
    }
    int[] equalityIds = deleteSchema.columns().stream().mapToInt(f -> f.fieldId()).toArray();
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .deleteFileFormat(FileFormat.PARQUET)
            .equalityFieldIds(equalityIds)
            .equalityDeleteRowSchema(deleteSchema)
            .build();
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

    // Delete files and data files go to S3 at the same time: with small batches spread over
    // many partitions, per-file upload latency dominates and the two sets are independent.
    CompletableFuture<List<DeleteFile>> deleteFiles =
        deletes.isEmpty()
            ? CompletableFuture.completedFuture(List.of())
            : CompletableFuture.supplyAsync(
                () -> writeDeletes(table, factory, files, targetSize, deletes), DELETE_WRITERS);
    List<DataFile> dataFiles = List.of();
    try {
      dataFiles = writeRows(table, factory, files, targetSize, rows);
      return new Files(dataFiles, join(deleteFiles));
    } catch (RuntimeException e) {
      List<DeleteFile> written =
          deleteFiles.handle((f, err) -> f == null ? List.<DeleteFile>of() : f).join();
      cleanUp(table, written, dataFiles);
      throw e;
    }
  }

  private static List<DeleteFile> join(CompletableFuture<List<DeleteFile>> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static final ExecutorService DELETE_WRITERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "salesflow-delete-writer");
            thread.setDaemon(true);
            return thread;
          });

  private static List<DataFile> writeRows(
      Table table,
      GenericFileWriterFactory factory,
      OutputFileFactory files,
      long targetSize,
      List<Record> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Keyed<Record>> sorted = keyed(table, rows, r -> r);
    Comparator<StructLike> order =
        SortOrderComparators.forSchema(table.schema(), table.sortOrder());
    InternalRecordWrapper left = new InternalRecordWrapper(table.schema().asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(table.schema().asStruct());
    sorted.sort(
        Comparator.<Keyed<Record>, String>comparing(Keyed::path)
            .thenComparing((a, b) -> order.compare(left.wrap(a.value()), right.wrap(b.value()))));
    ClusteredDataWriter<Record> writer =
        new ClusteredDataWriter<>(factory, files, table.io(), targetSize);
    try (writer) {
      for (Keyed<Record> row : sorted) {
        writer.write(row.value(), table.spec(), row.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write data files of " + table.name(), e);
    }
    DataWriteResult result = writer.result();
    return result.dataFiles();
  }

  private static List<DeleteFile> writeDeletes(
      Table table,
      GenericFileWriterFactory factory,
      OutputFileFactory files,
      long targetSize,
      List<Delete> deletes) {
    if (deletes.isEmpty()) {
      return List.of();
    }
    List<Keyed<Delete>> sorted = keyed(table, deletes, Delete::locator);
    sorted.sort(Comparator.comparing(Keyed::path));
    ClusteredEqualityDeleteWriter<Record> writer =
        new ClusteredEqualityDeleteWriter<>(factory, files, table.io(), targetSize);
    try (writer) {
      for (Keyed<Delete> delete : sorted) {
        writer.write(delete.value().key(), table.spec(), delete.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write delete files of " + table.name(), e);
    }
    DeleteWriteResult result = writer.result();
    return result.deleteFiles();
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

  private static void cleanUp(Table table, List<DeleteFile> deleteFiles, List<DataFile> dataFiles) {
    try {
      deleteFiles.forEach(f -> table.io().deleteFile(f.location()));
      dataFiles.forEach(f -> table.io().deleteFile(f.location()));
    } catch (RuntimeException suppressed) {
      // Best effort: uncommitted files are invisible to readers; orphan cleanup removes them.
    }
  }
}
