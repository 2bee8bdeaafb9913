package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.salesflow.core.table.SalesHistoryTable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;

/**
 * Turns one stream record into a {@link DecodedChange}, or throws {@link RecordRejectedException}
 * with the reason. Adds the lineage columns (sequence number, event name, event time, ingestion
 * time) to the row.
 */
final class StreamRecordDecoder {

  static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

  private final SaleImageConverter converter;
  private final WriteMode mode;

  StreamRecordDecoder(SaleImageConverter converter, WriteMode mode) {
    this.converter = converter;
    this.mode = mode;
  }

  DecodedChange decode(DynamodbStreamRecord record, LocalDateTime ingestedAt) {
    StreamRecord ddb = record.getDynamodb();
    if (ddb == null) {
      throw new RecordRejectedException(Reason.UNDECODABLE, "Record has no dynamodb section");
    }
    String seq = ddb.getSequenceNumber();
    if (seq == null || seq.isBlank()) {
      throw new RecordRejectedException(
          Reason.UNDECODABLE, "Record has no dynamodb.SequenceNumber");
    }
    String event = record.getEventName();
    if (event == null) {
      throw new RecordRejectedException(Reason.UNKNOWN_EVENT, "Record has no eventName");
    }
    return switch (event) {
      case "INSERT", "MODIFY" -> upsert(record, ddb, event, ingestedAt);
      case "REMOVE" -> remove(record, ddb, ingestedAt);
      default ->
          throw new RecordRejectedException(
              Reason.UNKNOWN_EVENT,
              "eventName '"
                  + SaleImageConverter.abbreviate(event)
                  + "' is not INSERT, MODIFY or REMOVE");
    };
  }

  private DecodedChange upsert(
      DynamodbStreamRecord record, StreamRecord ddb, String event, LocalDateTime ingestedAt) {
    Map<String, AttributeValue> image = ddb.getNewImage();
    if (image == null || image.isEmpty()) {
      throw new RecordRejectedException(
          Reason.UNDECODABLE,
          event + " record has no NewImage: set the stream view type to NEW_AND_OLD_IMAGES");
    }
    SaleKey key = converter.key(image);
    GenericRecord row = converter.toRow(image, key);
    lineage(row, ddb, event, ingestedAt);
    Map<String, AttributeValue> old = ddb.getOldImage();
    boolean oldPresent = old != null && !old.isEmpty();
    LocalDateTime oldDate = converter.soldDateOrNull(old);
    // The old row's partition is unknown when a MODIFY lacks its old image or the image's date.
    boolean unlocated = oldPresent ? oldDate == null : event.equals("MODIFY");
    return new DecodedChange(
        ChangeKind.UPSERT, key, row, oldDate, unlocated, ddb.getSequenceNumber());
  }

  private DecodedChange remove(
      DynamodbStreamRecord record, StreamRecord ddb, LocalDateTime ingestedAt) {
    Map<String, AttributeValue> old = ddb.getOldImage();
    Map<String, AttributeValue> keyImage = old != null && !old.isEmpty() ? old : ddb.getKeys();
    SaleKey key = converter.key(keyImage);
    boolean ttl = isTtl(record.getUserIdentity());
    ChangeKind kind = ttl ? ChangeKind.TTL_REMOVE : ChangeKind.DELETE;
    GenericRecord row = null;
    if (mode == WriteMode.APPEND) {
      if (old == null || old.isEmpty()) {
        throw new RecordRejectedException(
            Reason.UNDECODABLE,
            "REMOVE record has no OldImage: append mode needs NEW_AND_OLD_IMAGES");
      }
      row = converter.toRow(old);
      lineage(row, ddb, ttl ? "REMOVE_TTL" : "REMOVE", ingestedAt);
    }
    LocalDateTime oldDate = converter.soldDateOrNull(old);
    return new DecodedChange(kind, key, row, oldDate, oldDate == null, ddb.getSequenceNumber());
  }

  static boolean isTtl(Identity identity) {
    return identity != null
        && "Service".equals(identity.getType())
        && TTL_PRINCIPAL.equals(identity.getPrincipalId());
  }

  static LocalDateTime eventTime(StreamRecord ddb) {
    if (ddb == null || ddb.getApproximateCreationDateTime() == null) {
      return null;
    }
    return LocalDateTime.ofInstant(ddb.getApproximateCreationDateTime().toInstant(), ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MICROS);
  }

  private static void lineage(
      GenericRecord row, StreamRecord ddb, String event, LocalDateTime ingestedAt) {
    row.setField(SalesHistoryTable.STREAM_SEQ, ddb.getSequenceNumber());
    row.setField(SalesHistoryTable.STREAM_EVENT, event);
    row.setField(SalesHistoryTable.EVENT_TIME, eventTime(ddb));
    row.setField(SalesHistoryTable.INGESTED_AT, ingestedAt);
  }
}
