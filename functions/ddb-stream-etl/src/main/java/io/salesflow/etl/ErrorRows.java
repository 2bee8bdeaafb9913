package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salesflow.core.table.SalesHistoryErrorsTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;

/**
 * Builds {@code sales_history_errors} rows. The {@code error_id} is a digest of the stream ARN and
 * sequence number (or event id), and {@code error_time} (the partition source) comes from the
 * record itself, never from the clock: its ApproximateCreationDateTime, else the sold_date of its
 * image when readable, else {@link #UNKNOWN_TIME}. A replayed record, on any day, produces the same
 * row in the same partition, and the upsert on {@code error_id} keeps exactly one.
 */
final class ErrorRows {

  /** error_time of a record that carries no time of its own: the epoch, a partition of its own. */
  static final LocalDateTime UNKNOWN_TIME = LocalDateTime.of(1970, 1, 1, 0, 0);

  private static final int MAX_RAW_CHARS = 200_000;
  private final Schema schema;
  private final Function<Map<String, AttributeValue>, LocalDateTime> soldDate;

  /**
   * @param soldDate the image's sold_date, {@code null} when missing or unreadable
   */
  ErrorRows(Schema schema, Function<Map<String, AttributeValue>, LocalDateTime> soldDate) {
    this.schema = schema;
    this.soldDate = soldDate;
  }

  GenericRecord row(
      DynamodbStreamRecord record, Reason reason, String message, LocalDateTime ingestedAt) {
    StreamRecord ddb = record.getDynamodb();
    String seq = ddb == null ? null : ddb.getSequenceNumber();
    GenericRecord row = GenericRecord.create(schema);
    row.setField(SalesHistoryErrorsTable.ERROR_ID, errorId(record, seq));
    row.setField(SalesHistoryErrorsTable.REASON, reason.name());
    row.setField(SalesHistoryErrorsTable.MESSAGE, message);
    row.setField(SalesHistoryErrorsTable.RAW_IMAGE, raw(record));
    Map<String, AttributeValue> image = image(ddb);
    row.setField(SalesHistoryErrorsTable.TENANT_ID, readable(image, "tenant_id"));
    row.setField(SalesHistoryErrorsTable.PRODUCT_ID, readable(image, "product_id"));
    row.setField(SalesHistoryErrorsTable.STREAM_SEQ, seq);
    row.setField(SalesHistoryErrorsTable.STREAM_EVENT, record.getEventName());
    row.setField(SalesHistoryErrorsTable.EVENT_SOURCE_ARN, record.getEventSourceARN());
    row.setField(SalesHistoryErrorsTable.ERROR_TIME, errorTime(ddb, image));
    row.setField(SalesHistoryErrorsTable.INGESTED_AT, ingestedAt);
    return row;
  }

  private LocalDateTime errorTime(StreamRecord ddb, Map<String, AttributeValue> image) {
    LocalDateTime eventTime = StreamRecordDecoder.eventTime(ddb);
    if (eventTime != null) {
      return eventTime;
    }
    LocalDateTime sold = soldDate.apply(image);
    return sold != null ? sold : UNKNOWN_TIME;
  }

  private static Map<String, AttributeValue> image(StreamRecord ddb) {
    if (ddb == null) {
      return Map.of();
    }
    if (ddb.getNewImage() != null) {
      return ddb.getNewImage();
    }
    if (ddb.getOldImage() != null) {
      return ddb.getOldImage();
    }
    return ddb.getKeys() == null ? Map.of() : ddb.getKeys();
  }

  private static String readable(Map<String, AttributeValue> image, String name) {
    AttributeValue value = image.get(name);
    if (value == null) {
      return null;
    }
    String text = value.getS() != null ? value.getS() : value.getN();
    return text == null ? null : SaleImageConverter.abbreviate(text);
  }

  static String raw(DynamodbStreamRecord record) {
    ObjectNode node = DynamoJson.object();
    node.put("eventID", record.getEventID());
    node.put("eventName", record.getEventName());
    StreamRecord ddb = record.getDynamodb();
    if (ddb != null) {
      node.put("SequenceNumber", ddb.getSequenceNumber());
      node.set("Keys", DynamoJson.image(ddb.getKeys()));
      if (ddb.getNewImage() != null) {
        node.set("NewImage", DynamoJson.image(ddb.getNewImage()));
      }
      if (ddb.getOldImage() != null) {
        node.set("OldImage", DynamoJson.image(ddb.getOldImage()));
      }
    }
    String json = node.toString();
    // Keep the errors table readable: a 400 KB item is truncated, flagged as such.
    return json.length() <= MAX_RAW_CHARS
        ? json
        : json.substring(0, MAX_RAW_CHARS) + "...(truncated)";
  }

  private static String errorId(DynamodbStreamRecord record, String seq) {
    String identity =
        (record.getEventSourceARN() == null ? "" : record.getEventSourceARN())
            + "/"
            + (seq != null
                ? seq
                : record.getEventID() != null
                    ? "event:" + record.getEventID()
                    : "raw:" + raw(record));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
