package io.salesflow.core.table;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The {@code sales_history_errors} table: one row per stream record the ETL rejected, with the
 * reason and the raw image, so nothing rejected is ever silently dropped.
 *
 * <p>{@code error_id} is deterministic per stream record (the writer derives it from the stream and
 * sequence number), which lets a replayed batch replace its own error rows instead of duplicating
 * them. Partitioned by day of {@code error_time}.
 */
public final class SalesHistoryErrorsTable {

  /** Table name in the catalog. */
  public static final String NAME = "sales_history_errors";

  public static final String ERROR_ID = "error_id";
  public static final String REASON = "reason";
  public static final String MESSAGE = "message";
  public static final String RAW_IMAGE = "raw_image";
  public static final String TENANT_ID = "tenant_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String STREAM_SEQ = "stream_seq";
  public static final String STREAM_EVENT = "stream_event";
  public static final String EVENT_SOURCE_ARN = "event_source_arn";
  public static final String ERROR_TIME = "error_time";
  public static final String INGESTED_AT = "ingested_at";

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              required(1, ERROR_ID, Types.StringType.get(), "Deterministic id of the rejection"),
              required(
                  2, REASON, Types.StringType.get(), "Reason code: MISSING_KEY, BAD_PRICE, ..."),
              required(3, MESSAGE, Types.StringType.get(), "What was wrong and how to fix it"),
              optional(4, RAW_IMAGE, Types.StringType.get(), "The record as received, JSON"),
              optional(5, TENANT_ID, Types.StringType.get(), "tenant_id, if readable"),
              optional(6, PRODUCT_ID, Types.StringType.get(), "product_id, if readable"),
              optional(7, STREAM_SEQ, Types.StringType.get(), "DynamoDB stream sequence number"),
              optional(8, STREAM_EVENT, Types.StringType.get(), "INSERT, MODIFY or REMOVE"),
              optional(9, EVENT_SOURCE_ARN, Types.StringType.get(), "Stream ARN of the record"),
              required(
                  10,
                  ERROR_TIME,
                  Types.TimestampType.withoutZone(),
                  "Time of the change (stream event time if known), UTC"),
              required(
                  11,
                  INGESTED_AT,
                  Types.TimestampType.withoutZone(),
                  "Time the ETL rejected the record, UTC")),
          Set.of(1));

  private SalesHistoryErrorsTable() {}

  /** The schema of the errors table. */
  public static Schema schema() {
    return SCHEMA;
  }

  /** The full definition of {@code database.sales_history_errors} under {@code warehouse}. */
  public static TableDefinition definition(String database, String warehouse) {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day(ERROR_TIME).build();
    SortOrder order = SortOrder.builderFor(SCHEMA).asc(REASON, NullOrder.NULLS_FIRST).build();
    Map<String, String> props = SalesTableProperties.common();
    props.put("write.metadata.metrics.column." + RAW_IMAGE, "counts");
    // A replayed record's error row is looked up by error_id before it is written again.
    props.put(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + ERROR_ID, "true");
    return new TableDefinition(
        TableIdentifier.of(database, NAME),
        SCHEMA,
        spec,
        order,
        Locations.tableLocation(warehouse, NAME),
        SalesTableProperties.FORMAT_VERSION,
        props);
  }
}
