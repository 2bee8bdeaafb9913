package io.salesflow.core.table;

import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The {@code sales_history_tombstones} table: one row per key the ETL removed from {@code
 * sales_history}, with the sequence number of the {@code REMOVE}. A removed key leaves no row in
 * the history table to compare a later-arriving older change with (a bisected half replayed after
 * its batch committed, a redriven range), so the ETL's per-key order guard reads the key's
 * tombstone too: a change older than the tombstone is ignored. For that, tombstones are needed only
 * while a stream record can still arrive (24 hours of stream retention), and the ETL drops older
 * days, unless months have been archived ({@link #KEEP_PROPERTY}): a restore drops archived rows
 * removed after their archival, so the tombstones are then kept. Not a table for queries.
 *
 * <p>Columns: the sale key columns, {@code stream_seq} of the {@code REMOVE}, {@code removed_at};
 * partitioned by day of {@code removed_at}, so expiry drops whole files.
 */
public final class SalesHistoryTombstonesTable {

  /** Table name in the catalog. */
  public static final String NAME = "sales_history_tombstones";

  /**
   * Property of {@code sales_history} that table maintenance sets when it first archives a month:
   * from then on the ETL keeps every tombstone (not only 48 hours' worth), because a restore needs
   * them to know which archived rows were removed after their month was archived.
   */
  public static final String KEEP_PROPERTY = "salesflow.tombstones.keep";

  /**
   * Property of {@code sales_history} a backfill sets when it starts: until this time (epoch
   * milliseconds) the ETL drops no tombstone, so a key the stream removed after the export's point
   * in time is still known as removed when the backfill's rows of it arrive, however long the
   * backfill runs.
   */
  public static final String KEEP_UNTIL_PROPERTY = "salesflow.tombstones.keep-until";

  /** Whether the ETL must keep every tombstone at {@code nowMillis}, by the two properties. */
  public static boolean keepAll(java.util.Map<String, String> historyProperties, long nowMillis) {
    if (historyProperties.containsKey(KEEP_PROPERTY)) {
      return true;
    }
    String until = historyProperties.get(KEEP_UNTIL_PROPERTY);
    try {
      return until != null && Long.parseLong(until.trim()) > nowMillis;
    } catch (NumberFormatException e) {
      return true; // unreadable: keeping is the safe side
    }
  }

  public static final String STREAM_SEQ = "stream_seq";
  public static final String REMOVED_AT = "removed_at";

  private SalesHistoryTombstonesTable() {}

  /** The schema for the given key columns: the keys, then stream_seq and removed_at. */
  public static Schema schema(List<String> keyColumns) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (String key : keyColumns) {
      fields.add(required(id++, key, Types.StringType.get(), "Key column of sales_history"));
    }
    fields.add(required(id++, STREAM_SEQ, Types.StringType.get(), "Sequence number of the REMOVE"));
    fields.add(
        required(
            id, REMOVED_AT, Types.TimestampType.withoutZone(), "Time the ETL applied it, UTC"));
    return new Schema(fields);
  }

  /** The full definition of {@code database.sales_history_tombstones} under {@code warehouse}. */
  public static TableDefinition definition(
      String database, String warehouse, List<String> keyColumns) {
    Schema schema = schema(keyColumns);
    PartitionSpec spec = PartitionSpec.builderFor(schema).day(REMOVED_AT).build();
    SortOrder.Builder order = SortOrder.builderFor(schema);
    keyColumns.forEach(order::asc);
    Map<String, String> props = SalesTableProperties.common();
    for (String key : keyColumns) {
      props.put(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + key, "true");
    }
    return new TableDefinition(
        TableIdentifier.of(database, NAME),
        schema,
        spec,
        order.build(),
        Locations.tableLocation(warehouse, NAME),
        SalesTableProperties.FORMAT_VERSION,
        props);
  }
}
