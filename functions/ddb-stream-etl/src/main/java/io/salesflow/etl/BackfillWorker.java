package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.salesflow.core.table.SalesHistoryErrorsTable;
import io.salesflow.core.table.SalesHistoryTable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * The backfill's worker: turns the items of some export files or scan segments into data files of
 * sales_history and sales_history_errors, through the same converter and checks as the stream.
 * Nothing is committed here; {@link BackfillCommitter} decides, key by key, which rows join the
 * table.
 *
 * <p>A backfilled row has no stream sequence number ({@code stream_seq} null, {@code stream_event}
 * {@code BACKFILL}, {@code event_time} the export's point in time): to the stream's order guard it
 * is older than any stream record, so every later stream change replaces it.
 *
 * <p>Rows are buffered up to {@link #FLUSH_BYTES} of heap and written clustered by partition in the
 * table's sort order, files rolled at the table's target size: a flush makes one file per partition
 * it holds, not one per item batch.
 */
public final class BackfillWorker {

  /**
   * Estimated heap of buffered rows before files are written: a row with an embedding holds 1,024
   * boxed doubles (about 20 KB), one without about 1 KB.
   */
  public static final long FLUSH_BYTES = 384L << 20;

  private static final int ROW_BYTES = 1_000;
  private static final int EMBEDDING_ROW_BYTES = 20_000;

  /** What a worker made of its units: files not committed yet, and counts. */
  public record Staged(
      List<String> units,
      List<DataFile> dataFiles,
      List<DataFile> errorFiles,
      long items,
      long rows,
      long rejected,
      Map<Reason, Integer> rejectedByReason) {
    public Staged {
      units = List.copyOf(units);
      dataFiles = List.copyOf(dataFiles);
      errorFiles = List.copyOf(errorFiles);
      rejectedByReason = Map.copyOf(rejectedByReason);
    }
  }

  private final Table history;
  private final Table errors;
  private final String sourceId;
  private final LocalDateTime pointInTime;
  private final LocalDateTime ingestedAt;
  private final SaleImageConverter converter;
  private final ErrorRows errorRows;
  private final long flushBytes;
  private long buffered;

  private final List<String> units = new ArrayList<>();
  private final List<Record> rows = new ArrayList<>();
  private final List<Record> rejects = new ArrayList<>();
  private final List<DataFile> dataFiles = new ArrayList<>();
  private final List<DataFile> errorFiles = new ArrayList<>();
  private final Map<Reason, Integer> byReason = new EnumMap<>(Reason.class);
  private long items;
  private long written;

  /**
   * @param sourceId the export's ARN or the scanned table's, named by the error rows
   * @param pointInTime the export time, or when the scan started
   */
  public BackfillWorker(
      EtlConfig config,
      Table history,
      Table errors,
      String sourceId,
      Instant pointInTime,
      Instant now) {
    this(config, history, errors, sourceId, pointInTime, now, FLUSH_BYTES);
  }

  BackfillWorker(
      EtlConfig config,
      Table history,
      Table errors,
      String sourceId,
      Instant pointInTime,
      Instant now,
      long flushBytes) {
    this.history = history;
    this.errors = errors;
    this.sourceId = sourceId;
    this.pointInTime = micros(pointInTime);
    this.ingestedAt = micros(now);
    this.converter =
        new SaleImageConverter(
            config.tables().tables().salesHistory().schema(),
            config.tables().keyColumns(),
            config.maxStringLength());
    this.errorRows = new ErrorRows(SalesHistoryErrorsTable.schema(), converter::soldDateOrNull);
    this.flushBytes = flushBytes;
  }

  /** Starts a unit (an export data file, a scan segment); its items follow. */
  public void unit(String unit) {
    units.add(unit);
  }

  /**
   * One item of the source.
   *
   * @param where its place, for the error row ({@code data/abc.json.gz line 12})
   */
  public void item(Map<String, AttributeValue> image, String where) {
    items++;
    try {
      SaleKey key = converter.key(image);
      GenericRecord row = converter.toRow(image, key);
      row.setField(SalesHistoryTable.STREAM_SEQ, null);
      row.setField(SalesHistoryTable.STREAM_EVENT, EVENT);
      row.setField(SalesHistoryTable.EVENT_TIME, pointInTime);
      row.setField(SalesHistoryTable.INGESTED_AT, ingestedAt);
      rows.add(row);
      buffered +=
          row.getField(SalesHistoryTable.EMBEDDING) == null ? ROW_BYTES : EMBEDDING_ROW_BYTES;
    } catch (RecordRejectedException e) {
      reject(image, where, e.reason(), e.getMessage());
    }
    if (buffered >= flushBytes) {
      flush();
    }
  }

  /** A line or item that is not a sale image at all: kept in the errors table, never dropped. */
  public void undecodable(String where, String message, Map<String, AttributeValue> image) {
    items++;
    reject(image, where, Reason.UNDECODABLE, message);
  }

  /** Writes what is buffered and returns everything written since the worker was made. */
  public Staged finish() {
    flush();
    if (!rejects.isEmpty()) {
      errorFiles.addAll(
          DeltaWriter.writePositional(errors, conform(rejects, errors), List.of()).dataFiles());
      rejects.clear();
    }
    long rejected = byReason.values().stream().mapToLong(Integer::longValue).sum();
    return new Staged(units, dataFiles, errorFiles, items, written, rejected, byReason);
  }

  /** Deletes every file written so far: the worker failed and nothing of it will be committed. */
  public void abandon() {
    DeltaWriter.cleanUp(history, new DeltaWriter.Files(dataFiles, List.of()));
    DeltaWriter.cleanUp(errors, new DeltaWriter.Files(errorFiles, List.of()));
    dataFiles.clear();
    errorFiles.clear();
  }

  private void flush() {
    if (rows.isEmpty()) {
      return;
    }
    dataFiles.addAll(
        DeltaWriter.writePositional(history, conform(rows, history), List.of()).dataFiles());
    written += rows.size();
    rows.clear();
    buffered = 0;
  }

  private void reject(Map<String, AttributeValue> image, String where, Reason reason, String why) {
    DynamodbStreamRecord record = new DynamodbStreamRecord();
    record.setEventID(where);
    record.setEventName(EVENT);
    record.setEventSourceARN(sourceId);
    StreamRecord ddb = new StreamRecord();
    ddb.setNewImage(image == null ? Map.of() : image);
    record.setDynamodb(ddb);
    rejects.add(errorRows.row(record, reason, why + " (" + where + ")", ingestedAt));
    byReason.merge(reason, 1, Integer::sum);
  }

  /** {@code stream_event} of backfilled rows and errors. */
  public static final String EVENT = "BACKFILL";

  private static List<Record> conform(List<Record> rows, Table table) {
    return StreamBatchService.conform(rows, table.schema());
  }

  private static LocalDateTime micros(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
