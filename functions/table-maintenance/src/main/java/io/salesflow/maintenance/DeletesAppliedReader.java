package io.salesflow.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.DeleteFilter;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads the live rows of a data file: its rows minus those its position and equality deletes
 * remove, exactly as a query engine would (Iceberg's {@link GenericDeleteFilter}), with the delete
 * files of all reads of one compaction loaded once ({@link CachingDeleteLoader}).
 */
final class DeletesAppliedReader {

  private final Table table;
  private final Schema schema;
  private final DeleteLoader deleteLoader;

  DeletesAppliedReader(Table table) {
    this.table = table;
    this.schema = table.schema();
    this.deleteLoader = new CachingDeleteLoader(table);
  }

  /** Passes each live row of {@code task}'s file to {@code sink}; returns how many there were. */
  long read(FileScanTask task, Consumer<Record> sink) {
    DeleteFilter<Record> deletes =
        new GenericDeleteFilter(table.io(), task, schema, schema) {
          @Override
          protected DeleteLoader newDeleteLoader() {
            return deleteLoader;
          }
        };
    Schema readSchema = deletes.requiredSchema();
    Map<Integer, ?> constants =
        PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
    CloseableIterable<Record> rows =
        Parquet.read(table.io().newInputFile(task.file()))
            .project(readSchema)
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(readSchema, fileSchema, constants))
            .build();
    boolean sameSchema = readSchema.asStruct().equals(schema.asStruct());
    long count = 0;
    try (CloseableIterable<Record> live = deletes.filter(rows)) {
      for (Record row : live) {
        sink.accept(sameSchema ? row : project(row));
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + task.file().location(), e);
    }
    return count;
  }

  /** Drops the metadata columns (row position) the delete filter needed. */
  private Record project(Record row) {
    GenericRecord copy = GenericRecord.create(schema);
    List<org.apache.iceberg.types.Types.NestedField> columns = schema.columns();
    for (org.apache.iceberg.types.Types.NestedField column : columns) {
      copy.setField(column.name(), row.getField(column.name()));
    }
    return copy;
  }
}
