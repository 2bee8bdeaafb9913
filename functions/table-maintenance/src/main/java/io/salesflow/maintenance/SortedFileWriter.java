package io.salesflow.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Writes one partition's rows, sorted by the table's sort order, into Parquet data files of the
 * table's target size ({@code write.target-file-size-bytes}). Nothing is committed here.
 */
final class SortedFileWriter {

  private final Table table;
  private final long targetSize;

  SortedFileWriter(Table table) {
    this.table = table;
    this.targetSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
  }

  long targetSize() {
    return targetSize;
  }

  /** Sorts {@code rows} in place and writes them; all rows must belong to one partition. */
  List<DataFile> write(List<Record> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Comparator<StructLike> order =
        SortOrderComparators.forSchema(table.schema(), table.sortOrder());
    InternalRecordWrapper left = new InternalRecordWrapper(table.schema().asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(table.schema().asStruct());
    rows.sort((a, b) -> order.compare(left.wrap(a), right.wrap(b)));

    PartitionKey partition = new PartitionKey(table.spec(), table.schema());
    partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(rows.get(0)));
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .dataSortOrder(table.sortOrder())
            .build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 0, System.currentTimeMillis())
            .format(FileFormat.PARQUET)
            .operationId("compact-" + UUID.randomUUID())
            .build();
    ClusteredDataWriter<Record> writer =
        new ClusteredDataWriter<>(factory, files, table.io(), targetSize);
    try (writer) {
      for (Record row : rows) {
        writer.write(row, table.spec(), partition);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write compacted files of " + table.name(), e);
    }
    return writer.result().dataFiles();
  }
}
