package io.salesflow.localstack.sample;

import io.salesflow.core.table.SalesHistoryErrorsTable;
import io.salesflow.core.table.SalesHistoryTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Appends generated rows to {@code sales_history} / {@code sales_history_errors} the way the ETL
 * does: Parquet data files written with Iceberg generics, clustered by partition and sorted by the
 * table's sort columns, committed in one append. Works on any schema that still has the columns of
 * the core table model (added columns are left {@code null}).
 */
public final class SampleTableWriter {

  // Distinct task ids give distinct file names across appends in one JVM.
  private static final AtomicInteger TASK_IDS = new AtomicInteger();

  private static final Comparator<SampleSale> SALES_ORDER =
      Comparator.comparingInt(SampleSale::year)
          .thenComparingInt(SampleSale::month)
          .thenComparing(SampleSale::tenantId)
          .thenComparing(SampleSale::category, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(SampleSale::productId);

  private SampleTableWriter() {}

  /** What one append committed. */
  public record AppendResult(long snapshotId, List<DataFile> files, long rows) {
    /** Total size of the data files written. */
    public long bytes() {
      return files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    }
  }

  /** Appends {@code sales} to a {@code sales_history} table in one commit. */
  public static AppendResult appendSales(Table table, List<SampleSale> sales) {
    Schema schema = table.schema();
    List<Record> records =
        sales.stream().sorted(SALES_ORDER).map(sale -> toRecord(schema, sale)).toList();
    return append(table, records);
  }

  /** Appends {@code errors} to a {@code sales_history_errors} table in one commit. */
  public static AppendResult appendErrors(Table table, List<SampleError> errors) {
    Schema schema = table.schema();
    List<Record> records =
        errors.stream()
            .sorted(
                Comparator.comparing((SampleError e) -> e.errorTime().toLocalDate())
                    .thenComparing(SampleError::reason)
                    .thenComparing(SampleError::errorId))
            .map(error -> toRecord(schema, error))
            .toList();
    return append(table, records);
  }

  /** The row of {@code sale} in {@code schema}. */
  public static Record toRecord(Schema schema, SampleSale sale) {
    GenericRecord r = GenericRecord.create(schema);
    r.setField(SalesHistoryTable.PRODUCT_ID, sale.productId());
    r.setField(SalesHistoryTable.TENANT_ID, sale.tenantId());
    r.setField(SalesHistoryTable.CATEGORY, sale.category());
    r.setField(SalesHistoryTable.BRAND, sale.brand());
    r.setField(SalesHistoryTable.CONDITION, sale.condition());
    r.setField(SalesHistoryTable.SOLD_PRICE, sale.soldPrice());
    r.setField(SalesHistoryTable.SOLD_DATE, sale.soldDate());
    r.setField(SalesHistoryTable.SEASON, sale.season());
    r.setField(SalesHistoryTable.IMAGE_S3_KEY, sale.imageS3Key());
    r.setField(
        SalesHistoryTable.EMBEDDING,
        sale.embedding() == null ? null : Arrays.stream(sale.embedding()).boxed().toList());
    r.setField(SalesHistoryTable.DESCRIPTION, sale.description());
    r.setField(SalesHistoryTable.SOURCE, sale.source());
    r.setField(SalesHistoryTable.YEAR, sale.year());
    r.setField(SalesHistoryTable.MONTH, sale.month());
    r.setField(SalesHistoryTable.STREAM_SEQ, sale.streamSeq());
    r.setField(SalesHistoryTable.STREAM_EVENT, "INSERT");
    r.setField(SalesHistoryTable.EVENT_TIME, sale.soldDate().plusSeconds(1));
    r.setField(SalesHistoryTable.INGESTED_AT, sale.soldDate().plusMinutes(2));
    return r;
  }

  private static Record toRecord(Schema schema, SampleError error) {
    GenericRecord r = GenericRecord.create(schema);
    r.setField(SalesHistoryErrorsTable.ERROR_ID, error.errorId());
    r.setField(SalesHistoryErrorsTable.REASON, error.reason());
    r.setField(SalesHistoryErrorsTable.MESSAGE, error.message());
    r.setField(SalesHistoryErrorsTable.RAW_IMAGE, error.rawImage());
    r.setField(SalesHistoryErrorsTable.TENANT_ID, error.tenantId());
    r.setField(SalesHistoryErrorsTable.PRODUCT_ID, error.productId());
    r.setField(SalesHistoryErrorsTable.STREAM_SEQ, error.streamSeq());
    r.setField(SalesHistoryErrorsTable.STREAM_EVENT, error.streamEvent());
    r.setField(
        SalesHistoryErrorsTable.EVENT_SOURCE_ARN,
        "arn:aws:dynamodb:us-east-1:000000000000:table/sales/stream/2024-01-01T00:00:00.000");
    r.setField(SalesHistoryErrorsTable.ERROR_TIME, error.errorTime());
    r.setField(SalesHistoryErrorsTable.INGESTED_AT, error.errorTime().plusSeconds(5));
    return r;
  }

  /**
   * Writes {@code records} (already clustered by partition) as Parquet data files and appends them
   * in one commit.
   */
  public static AppendResult append(Table table, List<Record> records) {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, TASK_IDS.incrementAndGet())
            .format(FileFormat.PARQUET)
            .build();
    long targetSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    ClusteredDataWriter<Record> writer =
        new ClusteredDataWriter<>(writers, files, table.io(), targetSize);
    try (writer) {
      for (Record record : records) {
        key.partition(wrapper.wrap(record));
        writer.write(record, table.spec(), key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write data files of " + table.name(), e);
    }
    DataWriteResult result = writer.result();
    AppendFiles append = table.newAppend();
    result.dataFiles().forEach(append::appendFile);
    append.commit();
    table.refresh();
    return new AppendResult(
        table.currentSnapshot().snapshotId(), List.copyOf(result.dataFiles()), records.size());
  }
}
